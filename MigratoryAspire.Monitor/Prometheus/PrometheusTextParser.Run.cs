using System.Globalization;
using System.Text;

namespace MigratoryAspire.Monitor.Prometheus;

/// <content>The state of one parse and the rules for each kind of line.</content>
internal partial class PrometheusTextParser
{
    /// <summary>The state of one parse: the families built so far and the errors.</summary>
    private sealed class Run
    {
        private readonly Dictionary<string, FamilyBuilder> _families = new(StringComparer.Ordinal);
        private readonly List<FamilyBuilder> _order = [];
        private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
        // Sample name -> family, so each line costs one lookup; cleared when a # TYPE line changes what names mean.
        private readonly Dictionary<string, Resolution> _resolved = new(StringComparer.Ordinal);
        // Raw label text, braces included -> the parsed labels, shared by every sample that writes the same set.
        private readonly Dictionary<string, PrometheusLabel[]> _labelSets = new(StringComparer.Ordinal);
        private readonly List<PrometheusParseError> _errors = [];
        private readonly List<PrometheusLabel> _labels = [];
        private readonly StringBuilder _unescaped = new();
        private int _rejected;

        public void Reject(int lineNumber, string reason, ReadOnlySpan<char> line)
        {
            _rejected++;
            if (_errors.Count < MaxReportedErrors)
            {
                var shown = line.Length > MaxLineInError ? line[..MaxLineInError].ToString() + "…" : line.ToString();
                _errors.Add(new PrometheusParseError(lineNumber, reason, shown));
            }
        }

        public PrometheusScrape Result() =>
            new(_order.Where(f => f.Samples.Count > 0)
                    .Select(f => new PrometheusMetricFamily(f.Name, f.Type, f.Help, f.Samples))
                    .ToArray(),
                _errors.ToArray(),
                _rejected);

        /// <summary>Parses one line; returns null when it was accepted, else the reason it was rejected.</summary>
        public string? ParseLine(ReadOnlySpan<char> line)
        {
            var c = new Cursor(line);
            c.SkipBlanks();
            if (c.AtEnd)
            {
                return null;
            }

            return c.Current == '#' ? ParseComment(ref c) : ParseSample(ref c);
        }

        private string? ParseComment(ref Cursor c)
        {
            c.Advance(); // '#'
            c.SkipBlanks();
            var keyword = c.Token();
            var isHelp = keyword.SequenceEqual("HELP");
            if (!isHelp && !keyword.SequenceEqual("TYPE"))
            {
                return null; // an ordinary comment
            }

            if (c.SkipBlanks() == 0 && !c.AtEnd)
            {
                return null; // "# HELPER ..." is an ordinary comment too
            }

            var kind = isHelp ? "HELP" : "TYPE";
            var nameSpan = c.MetricName();
            if (nameSpan.IsEmpty)
            {
                return $"# {kind} needs a metric name";
            }

            if (!c.AtEnd && !c.IsBlank)
            {
                return $"invalid character '{Printable(c.Current)}' in metric name after \"{nameSpan}\"";
            }

            var name = Intern(nameSpan);
            c.SkipBlanks();
            return isHelp ? SetHelp(name, ref c) : SetType(name, ref c);
        }

        private string? SetHelp(string name, ref Cursor c)
        {
            _unescaped.Clear();
            while (!c.AtEnd)
            {
                var ch = c.Current;
                c.Advance();
                if (ch != '\\')
                {
                    _unescaped.Append(ch);
                    continue;
                }

                if (c.AtEnd)
                {
                    return $"# HELP for \"{name}\" ends in a lone backslash";
                }

                var escaped = c.Current;
                c.Advance();
                switch (escaped)
                {
                    case '\\': _unescaped.Append('\\'); break;
                    case 'n': _unescaped.Append('\n'); break;
                    default: return $"invalid escape '\\{Printable(escaped)}' in # HELP for \"{name}\" (only \\\\ and \\n are allowed)";
                }
            }

            var family = GetOrAdd(name);
            if (family.Help is not null)
            {
                return $"second # HELP for \"{name}\"";
            }

            family.Help = _unescaped.ToString();
            return null;
        }

        private string? SetType(string name, ref Cursor c)
        {
            var typeToken = c.Token();
            c.SkipBlanks();
            if (!c.AtEnd)
            {
                return $"unexpected text after the type in # TYPE for \"{name}\"";
            }

            PrometheusMetricType type;
            if (typeToken.Equals("counter", StringComparison.OrdinalIgnoreCase)) type = PrometheusMetricType.Counter;
            else if (typeToken.Equals("gauge", StringComparison.OrdinalIgnoreCase)) type = PrometheusMetricType.Gauge;
            else if (typeToken.Equals("histogram", StringComparison.OrdinalIgnoreCase)) type = PrometheusMetricType.Histogram;
            else if (typeToken.Equals("summary", StringComparison.OrdinalIgnoreCase)) type = PrometheusMetricType.Summary;
            else if (typeToken.Equals("untyped", StringComparison.OrdinalIgnoreCase)) type = PrometheusMetricType.Untyped;
            else if (typeToken.IsEmpty) return $"# TYPE for \"{name}\" has no type";
            else return $"unknown type \"{typeToken}\" in # TYPE for \"{name}\" (expected counter, gauge, histogram, summary or untyped)";

            var family = GetOrAdd(name);
            if (family.TypeDeclared)
            {
                return $"second # TYPE for \"{name}\"";
            }

            if (family.Samples.Count > 0)
            {
                return $"# TYPE for \"{name}\" comes after its samples";
            }

            family.Type = type;
            family.TypeDeclared = true;
            _resolved.Clear();
            return null;
        }

        private string? ParseSample(ref Cursor c)
        {
            var nameSpan = c.MetricName();
            if (nameSpan.IsEmpty)
            {
                return $"expected a metric name, found '{Printable(c.Current)}'";
            }

            var blanks = c.SkipBlanks();
            _labels.Clear();
            PrometheusLabel[] labels = [];
            if (!c.AtEnd && c.Current == '{')
            {
                // Label sets repeat across the lines of a page; a known one is looked up whole instead of parsed again.
                var setLength = LabelSetLength(c.Rest);
                var raw = setLength > 0 ? c.Rest[..setLength] : default;
                if (setLength > 0 && _labelSets.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(raw, out var known))
                {
                    labels = known;
                    c.Advance(setLength);
                }
                else
                {
                    var before = c.Position;
                    if (ParseLabels(ref c) is { } labelError)
                    {
                        return labelError;
                    }

                    labels = _labels.ToArray();
                    if (c.Position - before == setLength && _labelSets.Count < MaxCachedLabelSets)
                    {
                        _labelSets[raw.ToString()] = labels;
                    }
                }

                c.SkipBlanks();
            }
            else if (blanks == 0 && !c.AtEnd)
            {
                return $"invalid character '{Printable(c.Current)}' after metric name \"{nameSpan}\"";
            }

            var valueToken = c.Token();
            if (valueToken.IsEmpty)
            {
                return $"sample \"{nameSpan}\" has no value";
            }

            if (!TryParseValue(valueToken, out var value))
            {
                return $"value \"{valueToken}\" of \"{nameSpan}\" is not a number";
            }

            long? timestamp = null;
            c.SkipBlanks();
            if (!c.AtEnd)
            {
                var timestampToken = c.Token();
                if (!long.TryParse(timestampToken, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
                {
                    return $"timestamp \"{timestampToken}\" of \"{nameSpan}\" is not an integer of milliseconds";
                }

                timestamp = ms;
                c.SkipBlanks();
                if (!c.AtEnd)
                {
                    return $"unexpected text after the timestamp of \"{nameSpan}\"";
                }
            }

            var lookup = _resolved.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(nameSpan, out var resolution))
            {
                resolution = Resolve(nameSpan);
                _resolved.Add(resolution.Name, resolution);
            }

            if (resolution.Error is not null)
            {
                return resolution.Error;
            }

            if (resolution.RequiredLabel is not null && NumericLabel(labels, resolution.Family!.Name, resolution.RequiredLabel) is { } labelMissing)
            {
                return labelMissing;
            }

            resolution.Family!.Samples.Add(new PrometheusSample(resolution.Name, labels, value, timestamp));
            return null;
        }

        /// <summary>Parses <c>{name="value",...}</c>, leaving the labels in <see cref="_labels"/>.</summary>
        private string? ParseLabels(ref Cursor c)
        {
            c.Advance(); // '{'
            while (true)
            {
                c.SkipBlanks();
                if (c.AtEnd)
                {
                    return "label set is not closed with '}'";
                }

                if (c.Current == '}')
                {
                    c.Advance();
                    return null;
                }

                var labelName = c.LabelName();
                if (labelName.IsEmpty)
                {
                    return $"expected a label name, found '{Printable(c.Current)}'";
                }

                if (labelName.SequenceEqual("__name__"))
                {
                    return "label name \"__name__\" is reserved";
                }

                c.SkipBlanks();
                if (c.AtEnd || c.Current != '=')
                {
                    return $"expected '=' after label name \"{labelName}\"";
                }

                c.Advance();
                c.SkipBlanks();
                if (c.AtEnd || c.Current != '"')
                {
                    return $"expected '\"' to open the value of label \"{labelName}\"";
                }

                c.Advance();
                var name = Intern(labelName);
                if (ReadLabelValue(ref c, name) is { } valueError)
                {
                    return valueError;
                }

                for (var i = 0; i < _labels.Count - 1; i++)
                {
                    if (_labels[i].Name == name)
                    {
                        return $"label \"{name}\" appears twice";
                    }
                }

                c.SkipBlanks();
                if (c.AtEnd)
                {
                    return "label set is not closed with '}'";
                }

                if (c.Current == ',')
                {
                    c.Advance();
                }
                else if (c.Current != '}')
                {
                    return $"expected ',' or '}}' after the value of label \"{name}\", found '{Printable(c.Current)}'";
                }
            }
        }

        /// <summary>Reads a label value up to its closing quote, unescaping it, and adds the label.</summary>
        private string? ReadLabelValue(ref Cursor c, string name)
        {
            var rest = c.Rest;
            var stop = rest.IndexOfAny('"', '\\');
            if (stop >= 0 && rest[stop] == '"')
            {
                // The common case: nothing to unescape.
                _labels.Add(new PrometheusLabel(name, Intern(rest[..stop])));
                c.Advance(stop + 1);
                return null;
            }

            _unescaped.Clear();
            while (!c.AtEnd)
            {
                var ch = c.Current;
                c.Advance();
                if (ch == '"')
                {
                    _labels.Add(new PrometheusLabel(name, Intern(_unescaped.ToString())));
                    return null;
                }

                if (ch != '\\')
                {
                    _unescaped.Append(ch);
                    continue;
                }

                if (c.AtEnd)
                {
                    break;
                }

                var escaped = c.Current;
                c.Advance();
                switch (escaped)
                {
                    case '\\': _unescaped.Append('\\'); break;
                    case '"': _unescaped.Append('"'); break;
                    case 'n': _unescaped.Append('\n'); break;
                    default: return $"invalid escape '\\{Printable(escaped)}' in the value of label \"{name}\" (only \\\\, \\\" and \\n are allowed)";
                }
            }

            return $"value of label \"{name}\" is not closed with '\"'";
        }

        /// <summary>Finds the family a sample name belongs to, and the numeric label its role in the family needs.</summary>
        private Resolution Resolve(ReadOnlySpan<char> nameSpan)
        {
            var name = Intern(nameSpan);
            var lookup = _families.GetAlternateLookup<ReadOnlySpan<char>>();
            if (_families.TryGetValue(name, out var same) && same.TypeDeclared)
            {
                return same.Type switch
                {
                    PrometheusMetricType.Histogram => new Resolution(name, null, null,
                        $"histogram \"{same.Name}\" takes only {same.Name}_bucket, {same.Name}_sum and {same.Name}_count samples"),
                    PrometheusMetricType.Summary => new Resolution(name, same, "quantile", null),
                    _ => new Resolution(name, same, null, null),
                };
            }

            if (WithSuffix(lookup, name, "_bucket", out var histogram) && histogram.Type == PrometheusMetricType.Histogram)
            {
                return new Resolution(name, histogram, "le", null);
            }

            if ((WithSuffix(lookup, name, "_sum", out var parent) || WithSuffix(lookup, name, "_count", out parent))
                && parent.Type is PrometheusMetricType.Histogram or PrometheusMetricType.Summary)
            {
                return new Resolution(name, parent, null, null);
            }

            if (WithSuffix(lookup, name, "_total", out var counter) && counter.Type == PrometheusMetricType.Counter)
            {
                return new Resolution(name, counter, null, null);
            }

            return new Resolution(name, same ?? GetOrAdd(name), null, null);
        }

        private static bool WithSuffix(
            Dictionary<string, FamilyBuilder>.AlternateLookup<ReadOnlySpan<char>> lookup,
            ReadOnlySpan<char> name, string suffix, out FamilyBuilder family)
        {
            family = null!;
            return name.EndsWith(suffix, StringComparison.Ordinal)
                && lookup.TryGetValue(name[..^suffix.Length], out family!)
                && family.TypeDeclared;
        }

        /// <summary>Checks that the current sample has a numeric label (<c>le</c> or <c>quantile</c>).</summary>
        private static string? NumericLabel(PrometheusLabel[] labels, string family, string label)
        {
            foreach (var l in labels)
            {
                if (l.Name == label)
                {
                    return TryParseValue(l.Value, out _)
                        ? null
                        : $"\"{label}\" label value \"{l.Value}\" of \"{family}\" is not a number";
                }
            }

            return $"sample of \"{family}\" has no \"{label}\" label";
        }

        private FamilyBuilder GetOrAdd(string name)
        {
            if (!_families.TryGetValue(name, out var family))
            {
                family = new FamilyBuilder(name);
                _families.Add(name, family);
                _order.Add(family);
            }

            return family;
        }

        // Scrapes repeat the same names and label values on every line; sharing the strings keeps the garbage down.
        private string Intern(ReadOnlySpan<char> s)
        {
            var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(s, out var existing))
            {
                return existing;
            }

            var created = s.ToString();
            _strings.Add(created);
            return created;
        }
    }

    /// <summary>Where samples of one name go: the family and the label they need, or why they are refused.</summary>
    private sealed record Resolution(string Name, FamilyBuilder? Family, string? RequiredLabel, string? Error);

    private sealed class FamilyBuilder(string name)
    {
        public string Name { get; } = name;

        public PrometheusMetricType Type { get; set; }

        public bool TypeDeclared { get; set; }

        public string? Help { get; set; }

        public List<PrometheusSample> Samples { get; } = [];
    }
}

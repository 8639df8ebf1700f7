using System.Globalization;

namespace MigratoryAspire.Monitor.Prometheus;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4), the format MigratoryData's Prometheus monitor serves.
/// </summary>
/// <remarks>
/// <para>Each line is parsed on its own: a malformed line becomes a <see cref="PrometheusParseError"/> with its line number and
/// reason, and every other line still counts. The parser never throws on its input.</para>
/// <para>Samples are grouped into families the way Prometheus does: after <c># TYPE x histogram</c>, <c>x_bucket</c>
/// (which needs <c>le</c>), <c>x_sum</c> and <c>x_count</c> belong to <c>x</c>; after <c># TYPE x summary</c>, <c>x</c> (which needs
/// <c>quantile</c>), <c>x_sum</c> and <c>x_count</c>; after <c># TYPE x counter</c>, <c>x</c> and <c>x_total</c>. Any other sample
/// forms an untyped family of its own name. Families with no sample are left out of the result.</para>
/// </remarks>
internal partial class PrometheusTextParser
{
    /// <summary>At most this many errors are kept with their reason; the rest are only counted.</summary>
    public const int MaxReportedErrors = 100;

    private const int MaxLineInError = 200;

    private const int MaxCachedLabelSets = 100_000;

    /// <summary>Parses a whole scrape body.</summary>
    /// <param name="text">The body; <c>\n</c> or <c>\r\n</c> line ends.</param>
    /// <returns>The families that parsed and the lines that did not.</returns>
    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses a whole scrape body held in a buffer (the scraper decodes into a pooled one).</summary>
    /// <param name="text">The body; <c>\n</c> or <c>\r\n</c> line ends.</param>
    /// <returns>The families that parsed and the lines that did not; nothing in it refers to <paramref name="text"/>.</returns>
    public static PrometheusScrape Parse(ReadOnlySpan<char> text)
    {
        var run = new Run();
        var lineNumber = 0;
        while (true)
        {
            var end = text.IndexOf('\n');
            var line = end < 0 ? text : text[..end];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            lineNumber++;
            if (run.ParseLine(line) is { } reason)
            {
                run.Reject(lineNumber, reason, line);
            }

            if (end < 0)
            {
                break;
            }

            text = text[(end + 1)..];
        }

        return run.Result();
    }

    /// <summary>Parses a sample value the way Prometheus writes it: a float, <c>+Inf</c>, <c>-Inf</c> or <c>NaN</c>.</summary>
    /// <param name="s">The value token.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether the token is a number.</returns>
    public static bool TryParseValue(ReadOnlySpan<char> s, out double value)
    {
        // Most values are whole numbers; reading them directly is several times cheaper than the general float parser.
        if (s.Length is > 0 and <= 15 && !s.ContainsAnyExceptInRange('0', '9'))
        {
            long whole = 0;
            foreach (var digit in s)
            {
                whole = whole * 10 + (digit - '0');
            }

            value = whole;
            return true;
        }

        if (s.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || s.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (s.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }

        if (s.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        // Float allows a sign, a decimal point and an exponent, and no thousands separators or hex.
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The length of the label set at the start of <paramref name="s"/> up to its closing brace outside quotes, or -1.</summary>
    private static int LabelSetLength(ReadOnlySpan<char> s)
    {
        var quoted = false;
        for (var i = 1; i < s.Length; i++)
        {
            var ch = s[i];
            if (quoted)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == '}')
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}

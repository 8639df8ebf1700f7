using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// Reads <see cref="MigratoryDataClusterOptions"/> from the <c>MigratoryData</c> configuration section. Every key is
/// checked in one pass: a value of the wrong type and an unknown key (with the nearest valid key) are errors in the
/// project's own words, and the valid keys still bind, so the validator reports their problems in the same run.
/// </summary>
internal static class MigratoryDataClusterOptionsBinder
{
    /// <summary>Binds the section over the defaults. Returns the errors found; the options are usable only when there are none.</summary>
    public static IReadOnlyList<string> Bind(IConfiguration configuration, MigratoryDataClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        var section = configuration.GetSection(MigratoryDataClusterOptions.SectionName);
        var errors = new List<string>();
        var accepted = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Check(section, typeof(MigratoryDataClusterOptions), MigratoryDataClusterOptions.SectionName, accepted, errors);

        // Only the keys that passed are bound, so one bad value never hides the others' problems.
        new ConfigurationBuilder().AddInMemoryCollection(accepted).Build()
            .GetSection(MigratoryDataClusterOptions.SectionName).Bind(options);
        return errors;
    }

    private static void Check(IConfigurationSection section, Type optionsType, string path, Dictionary<string, string?> accepted, List<string> errors)
    {
        var properties = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        foreach (var child in section.GetChildren())
        {
            var key = $"{path}:{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property))
            {
                errors.Add(UnknownKey(key, child, path, properties.Keys));
                continue;
            }

            var type = property.PropertyType;
            if (type == typeof(Dictionary<string, string>))
            {
                // ExtraOptions:NAME — any name; the validator checks names and values.
                foreach (var entry in child.GetChildren())
                {
                    if (entry.GetChildren().Any())
                    {
                        errors.Add($"{key}:{entry.Key} has nested keys, but a server parameter takes one value ({key}:{entry.Key}=value).");
                    }
                    else
                    {
                        accepted[$"{key}:{entry.Key}"] = entry.Value;
                    }
                }
            }
            else if (type.IsClass && type != typeof(string))
            {
                Check(child, type, key, accepted, errors);
            }
            else if (child.GetChildren().Any())
            {
                errors.Add($"{key} has nested keys, but it takes a single value ({Allowed(type)}).");
            }
            else if (Convert(child.Value, type) is { } problem)
            {
                errors.Add($"{key} is '{child.Value}', but it must be {problem}.");
            }
            else
            {
                accepted[key] = child.Value;
            }
        }
    }

    /// <summary>Null when <paramref name="value"/> converts to <paramref name="type"/>; otherwise what is allowed.</summary>
    private static string? Convert(string? value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || value is null)
        {
            return null;
        }

        var ok = underlying switch
        {
            _ when underlying == typeof(int) => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            _ when underlying == typeof(bool) => bool.TryParse(value, out _),
            // Enum.TryParse also takes numbers ("7"), which name no mode.
            _ when underlying.IsEnum => !int.TryParse(value, out _) && Enum.TryParse(underlying, value, ignoreCase: true, out var parsed) && Enum.IsDefined(underlying, parsed!),
            _ => true,
        };
        return ok ? null : Allowed(underlying);
    }

    private static string Allowed(Type type) => type switch
    {
        _ when type == typeof(int) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => string.Join(" or ", Enum.GetNames(type)),
        _ => "text",
    };

    private static string UnknownKey(string key, IConfigurationSection child, string path, IEnumerable<string> known)
    {
        var names = known.Order(StringComparer.Ordinal).ToArray();
        var given = child.Value is null ? "" : $" (value '{child.Value}')";
        var nearest = names.MinBy(n => Distance(n.ToUpperInvariant(), child.Key.ToUpperInvariant()));
        var suggestion = nearest is not null && Distance(nearest.ToUpperInvariant(), child.Key.ToUpperInvariant()) <= Math.Max(2, child.Key.Length / 3)
            ? $"did you mean {path}:{nearest}? "
            : "";
        return $"{key}{given} is not a setting: {suggestion}The keys under {path} are {string.Join(", ", names)}.";
    }

    /// <summary>Levenshtein distance: the nearest valid key is the likely intended one.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

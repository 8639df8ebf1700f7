using System.Text;
using System.Text.RegularExpressions;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>
/// Renders the one template form the Secret uses, <c>{{ printf "%q" (index .Env "NAME") }}</c>, with Go's semantics:
/// <c>index</c> of a missing map key is the empty string, and <c>%q</c> writes a double-quoted string with Go escapes
/// (every one of which YAML's double-quoted style also understands). Any other template action fails the test.
/// </summary>
internal static partial class AzdTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> environment)
    {
        var rendered = Expression().Replace(template, m => GoQuote(environment.TryGetValue(m.Groups[1].Value, out var v) ? v : ""));
        Assert.DoesNotContain("{{", rendered);
        return rendered;
    }

    [GeneratedRegex("""\{\{ printf "%q" \(index \.Env "([A-Z0-9_]+)"\) \}\}""")]
    private static partial Regex Expression();

    private static string GoQuote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            text.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < 0x20 or 0x7f => $"\\x{rune.Value:x2}",
                _ => rune.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}

using System.Globalization;
using System.Text;

namespace MigratoryAspire.Monitor.Benchmarks;

/// <summary>Builds a Prometheus page of a given size with the mix a server exposes: gauges, counters, histograms and summaries.</summary>
internal static class SyntheticPage
{
    /// <summary>A page with exactly <paramref name="series"/> sample lines.</summary>
    /// <param name="series">The number of sample lines.</param>
    /// <param name="seed">Varies the values between members and cycles.</param>
    public static string Build(int series, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(series, 1);
        var page = new StringBuilder(series * 64);
        var written = 0;
        for (var family = 0; written < series; family++)
        {
            var name = $"migratorydata_bench_{family}";
            switch (family % 4)
            {
                case 0:
                    Header(page, name, "gauge");
                    for (var i = 0; i < 20 && written < series; i++, written++)
                    {
                        Line(page, name, $"{{kind=\"{Kind(i)}\",group=\"g{i}\"}}", seed * 7 + i);
                    }

                    break;
                case 1:
                    Header(page, name + "_total", "counter");
                    for (var i = 0; i < 20 && written < series; i++, written++)
                    {
                        Line(page, name + "_total", $"{{kind=\"{Kind(i)}\",group=\"g{i}\"}}", 1_000_000L * family + seed * 13 + i);
                    }

                    break;
                case 2:
                    Header(page, name + "_seconds", "histogram");
                    string[] bounds = ["0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1", "+Inf"];
                    for (var g = 0; g < 4 && written < series; g++)
                    {
                        for (var b = 0; b < bounds.Length && written < series; b++, written++)
                        {
                            Line(page, name + "_seconds_bucket", $"{{group=\"g{g}\",le=\"{bounds[b]}\"}}", (b + 1) * 10 + seed);
                        }

                        if (written < series) { Line(page, name + "_seconds_sum", $"{{group=\"g{g}\"}}", 12.5 + seed); written++; }
                        if (written < series) { Line(page, name + "_seconds_count", $"{{group=\"g{g}\"}}", 80 + seed); written++; }
                    }

                    break;
                default:
                    Header(page, name + "_bytes", "summary");
                    string[] quantiles = ["0.5", "0.9", "0.99"];
                    for (var g = 0; g < 4 && written < series; g++)
                    {
                        for (var q = 0; q < quantiles.Length && written < series; q++, written++)
                        {
                            Line(page, name + "_bytes", $"{{group=\"g{g}\",quantile=\"{quantiles[q]}\"}}", 512 * (q + 1) + seed);
                        }

                        if (written < series) { Line(page, name + "_bytes_sum", $"{{group=\"g{g}\"}}", 40960 + seed); written++; }
                        if (written < series) { Line(page, name + "_bytes_count", $"{{group=\"g{g}\"}}", 40 + seed); written++; }
                    }

                    break;
            }
        }

        return page.ToString();
    }

    private static string Kind(int i) => (i % 3) switch { 0 => "web", 1 => "mobile", _ => "desktop" };

    private static void Header(StringBuilder page, string name, string type) =>
        page.Append("# HELP ").Append(name).Append(" Synthetic ").Append(type).Append(" for the benchmark.\n")
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder page, string name, string labels, double value) =>
        page.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}

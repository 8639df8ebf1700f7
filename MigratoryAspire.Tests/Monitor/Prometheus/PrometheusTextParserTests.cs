using MigratoryAspire.Monitor.Prometheus;

namespace MigratoryAspire.Tests.Monitor.Prometheus;

public class PrometheusTextParserTests
{
    [Fact]
    public void Parses_help_type_labels_and_values_of_a_counter_family()
    {
        var scrape = PrometheusTextParser.Parse("""
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000
            """);

        Assert.Empty(scrape.Errors);
        var family = Assert.Single(scrape.Families);
        Assert.Equal("http_requests_total", family.Name);
        Assert.Equal(PrometheusMetricType.Counter, family.Type);
        Assert.Equal("The total number of HTTP requests.", family.Help);
        Assert.Equal(2, family.Samples.Count);
        var first = family.Samples[0];
        Assert.Equal([new("method", "post"), new("code", "200")], first.Labels);
        Assert.Equal(1027, first.Value);
        Assert.Equal(1395066363000, first.TimestampMs);
        Assert.Equal(3, family.Samples[1].Value);
        Assert.Equal("400", family.Samples[1].Label("code"));
        Assert.Null(family.Samples[1].Label("missing"));
    }

    [Fact]
    public void Unescapes_backslash_quote_and_newline_in_label_values()
    {
        var scrape = PrometheusTextParser.Parse("""msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9""");

        Assert.Empty(scrape.Errors);
        var sample = Assert.Single(Assert.Single(scrape.Families).Samples);
        Assert.Equal(@"C:\DIR\FILE.TXT", sample.Label("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", sample.Label("error"));
        Assert.Equal(1.458255915e9, sample.Value);
    }

    [Fact]
    public void Unescapes_backslash_and_newline_in_help_text()
    {
        var scrape = PrometheusTextParser.Parse("# HELP m A \\\\ path\\nsecond line\nm 1");

        Assert.Empty(scrape.Errors);
        Assert.Equal("A \\ path\nsecond line", Assert.Single(scrape.Families).Help);
    }

    [Fact]
    public void Keeps_a_quote_inside_help_text_as_is()
    {
        var scrape = PrometheusTextParser.Parse("# HELP m say \"hi\"\nm 1");

        Assert.Empty(scrape.Errors);
        Assert.Equal("say \"hi\"", Assert.Single(scrape.Families).Help);
    }

    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    [InlineData("0", 0d)]
    [InlineData("-0.5", -0.5)]
    [InlineData("+12", 12d)]
    [InlineData("1e3", 1000d)]
    [InlineData("1.5E-3", 0.0015)]
    [InlineData(".5", 0.5)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    public void Parses_special_and_ordinary_values(string token, double expected)
    {
        var scrape = PrometheusTextParser.Parse($"m {token}");

        Assert.Empty(scrape.Errors);
        Assert.Equal(expected, Assert.Single(Assert.Single(scrape.Families).Samples).Value);
    }

    [Theory]
    [InlineData("m 1 0", 0L)]
    [InlineData("m 1 -1000", -1000L)]
    [InlineData("m 1 1700000000000", 1700000000000L)]
    [InlineData("m{a=\"b\"} 1 42  ", 42L)]
    [InlineData("m 1\t42", 42L)]
    public void Parses_optional_timestamps(string line, long expected)
    {
        var scrape = PrometheusTextParser.Parse(line);

        Assert.Empty(scrape.Errors);
        Assert.Equal(expected, Assert.Single(Assert.Single(scrape.Families).Samples).TimestampMs);
    }

    [Fact]
    public void A_sample_without_timestamp_has_none()
    {
        var sample = Assert.Single(Assert.Single(PrometheusTextParser.Parse("m 1").Families).Samples);

        Assert.Null(sample.TimestampMs);
    }

    [Fact]
    public void Groups_a_histogram_by_bucket_sum_and_count()
    {
        var scrape = PrometheusTextParser.Parse("""
            # HELP latency_seconds A histogram of latencies.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.05"} 24054
            latency_seconds_bucket{le="0.1"} 33444
            latency_seconds_bucket{le="+Inf"} 144320
            latency_seconds_sum 53423
            latency_seconds_count 144320
            """);

        Assert.Empty(scrape.Errors);
        var family = Assert.Single(scrape.Families);
        Assert.Equal(PrometheusMetricType.Histogram, family.Type);
        Assert.Equal(
            ["latency_seconds_bucket", "latency_seconds_bucket", "latency_seconds_bucket", "latency_seconds_sum", "latency_seconds_count"],
            family.Samples.Select(s => s.Name));
        Assert.Equal(["0.05", "0.1", "+Inf", null, null], family.Samples.Select(s => s.Label("le")));
        Assert.Equal(53423, family.Samples[3].Value);
    }

    [Fact]
    public void Groups_a_summary_by_quantile_sum_and_count()
    {
        var scrape = PrometheusTextParser.Parse("""
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds{quantile="0.99"} NaN
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """);

        Assert.Empty(scrape.Errors);
        var family = Assert.Single(scrape.Families);
        Assert.Equal(PrometheusMetricType.Summary, family.Type);
        Assert.Equal(5, family.Samples.Count);
        Assert.True(double.IsNaN(family.Samples[2].Value));
        Assert.Equal(1.7560473e+07, family.Samples[3].Value);
    }

    [Fact]
    public void Groups_the_total_sample_of_a_counter_declared_without_it()
    {
        var scrape = PrometheusTextParser.Parse("# TYPE sessions counter\nsessions_total 5");

        var family = Assert.Single(scrape.Families);
        Assert.Equal("sessions", family.Name);
        Assert.Equal("sessions_total", Assert.Single(family.Samples).Name);
    }

    [Fact]
    public void Samples_without_type_form_untyped_families_of_their_own_name()
    {
        var scrape = PrometheusTextParser.Parse("""
            # TYPE declared untyped
            declared 1
            loose 2
            loose_bucket{le="1"} 3
            loose_sum 4
            """);

        Assert.Empty(scrape.Errors);
        Assert.Equal(["declared", "loose", "loose_bucket", "loose_sum"], scrape.Families.Select(f => f.Name));
        Assert.All(scrape.Families, f => Assert.Equal(PrometheusMetricType.Untyped, f.Type));
    }

    [Fact]
    public void Help_without_type_leaves_the_family_untyped_with_its_help()
    {
        var family = Assert.Single(PrometheusTextParser.Parse("# HELP g some help\ng 1").Families);

        Assert.Equal(PrometheusMetricType.Untyped, family.Type);
        Assert.Equal("some help", family.Help);
    }

    [Fact]
    public void Gauge_samples_of_one_family_may_be_split_by_other_families()
    {
        var scrape = PrometheusTextParser.Parse("# TYPE g gauge\ng{a=\"1\"} 1\nother 2\ng{a=\"2\"} 3");

        Assert.Empty(scrape.Errors);
        Assert.Equal(2, scrape.Family("g")!.Samples.Count);
    }

    [Theory]
    [InlineData("# TYPE g GAUGE\ng 1", nameof(PrometheusMetricType.Gauge))]
    [InlineData("# TYPE g Counter\ng 1", nameof(PrometheusMetricType.Counter))]
    [InlineData("#   TYPE   g   gauge  \ng 1", nameof(PrometheusMetricType.Gauge))]
    [InlineData("\t# TYPE g gauge\n  g 1", nameof(PrometheusMetricType.Gauge))]
    public void Accepts_type_keywords_in_any_case_and_extra_blanks(string text, string expected)
    {
        var scrape = PrometheusTextParser.Parse(text);

        Assert.Empty(scrape.Errors);
        // The type travels by name: the parser's enum is internal to the monitor.
        Assert.Equal(Enum.Parse<PrometheusMetricType>(expected), Assert.Single(scrape.Families).Type);
    }

    [Theory]
    [InlineData("m{} 1")]
    [InlineData("m{a=\"b\",} 1")]
    [InlineData("m { a = \"b\" , c = \"d\" } 1")]
    [InlineData("m{a=\"b\"}1")]
    [InlineData("m{a=\"\"} 1")]
    [InlineData("m{a=\"{}=,# \"} 1")]
    [InlineData("ns:sub_name_2{_l1=\"x\"} 1")]
    [InlineData("m{a=\"ünïcødé ✓\"} 1")]
    public void Accepts_label_set_variants(string line)
    {
        var scrape = PrometheusTextParser.Parse(line);

        Assert.Empty(scrape.Errors);
        Assert.Single(Assert.Single(scrape.Families).Samples);
    }

    [Fact]
    public void Ignores_blank_lines_ordinary_comments_and_crlf_line_ends()
    {
        var scrape = PrometheusTextParser.Parse("# a comment\r\n\r\n   \r\n#\r\n# HELPER is not help\r\nm 1\r\n# TYPE\tx gauge\r\nx 2\r\n");

        Assert.Empty(scrape.Errors);
        Assert.Equal(["m", "x"], scrape.Families.Select(f => f.Name));
        Assert.Equal(PrometheusMetricType.Gauge, scrape.Family("x")!.Type);
    }

    [Fact]
    public void Leaves_out_families_with_no_samples()
    {
        var scrape = PrometheusTextParser.Parse("# HELP a only help\n# TYPE b gauge\nc 1");

        Assert.Equal(["c"], scrape.Families.Select(f => f.Name));
    }

    [Fact]
    public void An_empty_body_parses_to_nothing()
    {
        var scrape = PrometheusTextParser.Parse("");

        Assert.Empty(scrape.Families);
        Assert.Empty(scrape.Errors);
        Assert.Equal(0, scrape.SampleCount);
    }

    [Theory]
    [InlineData("1metric 1", "expected a metric name, found '1'")]
    [InlineData("{a=\"b\"} 1", "expected a metric name, found '{'")]
    [InlineData("m", "sample \"m\" has no value")]
    [InlineData("m{a=\"b\"}", "sample \"m\" has no value")]
    [InlineData("m-x 1", "invalid character '-' after metric name \"m\"")]
    [InlineData("m abc", "value \"abc\" of \"m\" is not a number")]
    [InlineData("m 1,5", "value \"1,5\" of \"m\" is not a number")]
    [InlineData("m 0x1F", "value \"0x1F\" of \"m\" is not a number")]
    [InlineData("m 1 12.5", "timestamp \"12.5\" of \"m\" is not an integer of milliseconds")]
    [InlineData("m 1 now", "timestamp \"now\" of \"m\" is not an integer of milliseconds")]
    [InlineData("m 1 2 3", "unexpected text after the timestamp of \"m\"")]
    [InlineData("m{a=\"b\" 1", "expected ',' or '}' after the value of label \"a\", found '1'")]
    [InlineData("m{a=\"b\"", "label set is not closed with '}'")]
    [InlineData("m{a=\"b", "value of label \"a\" is not closed with '\"'")]
    [InlineData("m{a=\"b\\", "value of label \"a\" is not closed with '\"'")]
    [InlineData("m{a=b} 1", "expected '\"' to open the value of label \"a\"")]
    [InlineData("m{a} 1", "expected '=' after label name \"a\"")]
    [InlineData("m{1a=\"b\"} 1", "expected a label name, found '1'")]
    [InlineData("m{a:b=\"c\"} 1", "expected '=' after label name \"a\"")]
    [InlineData("m{,} 1", "expected a label name, found ','")]
    [InlineData("m{a=\"1\",a=\"2\"} 1", "label \"a\" appears twice")]
    [InlineData("m{__name__=\"x\"} 1", "label name \"__name__\" is reserved")]
    [InlineData("m{a=\"\\t\"} 1", "invalid escape '\\t' in the value of label \"a\" (only \\\\, \\\" and \\n are allowed)")]
    [InlineData("# TYPE m", "# TYPE for \"m\" has no type")]
    [InlineData("# TYPE m gauge extra", "unexpected text after the type in # TYPE for \"m\"")]
    [InlineData("# TYPE m histogramm", "unknown type \"histogramm\" in # TYPE for \"m\" (expected counter, gauge, histogram, summary or untyped)")]
    [InlineData("# TYPE", "# TYPE needs a metric name")]
    [InlineData("# HELP", "# HELP needs a metric name")]
    [InlineData("# TYPE 9m gauge", "# TYPE needs a metric name")]
    [InlineData("# TYPE m-x gauge", "invalid character '-' in metric name after \"m\"")]
    [InlineData("# HELP m bad \\q", "invalid escape '\\q' in # HELP for \"m\" (only \\\\ and \\n are allowed)")]
    [InlineData("# HELP m trailing \\", "# HELP for \"m\" ends in a lone backslash")]
    [InlineData("m\u0000 1", "invalid character '\\u0000' after metric name \"m\"")]
    public void Rejects_a_malformed_line_with_a_clear_reason(string line, string reason)
    {
        var scrape = PrometheusTextParser.Parse($"before 1\n{line}\nafter 2");

        var error = Assert.Single(scrape.Errors);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"line 2: {reason}", error.ToString());
        Assert.Equal(1, scrape.RejectedLines);
        Assert.Contains(scrape.Families, f => f.Name == "before");
        Assert.Contains(scrape.Families, f => f.Name == "after");
    }

    [Theory]
    [InlineData("# TYPE h histogram\nh 1", "histogram \"h\" takes only h_bucket, h_sum and h_count samples")]
    [InlineData("# TYPE h histogram\nh_bucket 1", "sample of \"h\" has no \"le\" label")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"big\"} 1", "\"le\" label value \"big\" of \"h\" is not a number")]
    [InlineData("# TYPE s summary\ns 1", "sample of \"s\" has no \"quantile\" label")]
    [InlineData("# TYPE s summary\ns{quantile=\"\"} 1", "\"quantile\" label value \"\" of \"s\" is not a number")]
    [InlineData("# TYPE g gauge\n# TYPE g counter", "second # TYPE for \"g\"")]
    [InlineData("# HELP g a\n# HELP g b", "second # HELP for \"g\"")]
    [InlineData("g 1\n# TYPE g gauge", "# TYPE for \"g\" comes after its samples")]
    public void Rejects_lines_that_break_their_family(string text, string reason)
    {
        var scrape = PrometheusTextParser.Parse(text);

        Assert.Equal(reason, Assert.Single(scrape.Errors).Reason);
        Assert.Equal(2, scrape.Errors[0].LineNumber);
    }

    [Fact]
    public void A_bad_bucket_keeps_the_other_buckets_of_its_histogram()
    {
        var scrape = PrometheusTextParser.Parse("""
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{} 2
            h_bucket{le="+Inf"} 3
            h_sum 4
            h_count 3
            """);

        Assert.Equal(3, Assert.Single(scrape.Errors).LineNumber);
        Assert.Equal(4, Assert.Single(scrape.Families).Samples.Count);
    }

    [Fact]
    public void Reports_each_bad_line_with_its_own_number_and_keeps_every_good_line()
    {
        var lines = Enumerable.Range(0, 50).Select(i => i % 5 == 0 ? $"bad line {i}" : $"good_{i} {i}");

        var scrape = PrometheusTextParser.Parse(string.Join('\n', lines));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 5 + 1), scrape.Errors.Select(e => e.LineNumber));
        Assert.Equal(40, scrape.SampleCount);
        Assert.Equal("bad line 0", scrape.Errors[0].Line);
    }

    [Fact]
    public void Keeps_at_most_the_reported_number_of_errors_but_counts_them_all()
    {
        var text = string.Join('\n', Enumerable.Repeat("?", 1000)) + "\nok 1";

        var scrape = PrometheusTextParser.Parse(text);

        Assert.Equal(PrometheusTextParser.MaxReportedErrors, scrape.Errors.Count);
        Assert.Equal(1000, scrape.RejectedLines);
        Assert.Equal(1, scrape.SampleCount);
    }

    [Fact]
    public void Cuts_a_very_long_rejected_line_in_the_error()
    {
        var scrape = PrometheusTextParser.Parse("m " + new string('x', 10_000));

        var error = Assert.Single(scrape.Errors);
        Assert.True(error.Line.Length <= 201, $"line kept at {error.Line.Length} characters");
        Assert.StartsWith("m xxx", error.Line);
    }

    [Fact]
    public void Html_instead_of_metrics_is_rejected_line_by_line()
    {
        var scrape = PrometheusTextParser.Parse("<html>\n<body>Login required</body>\n</html>");

        Assert.Empty(scrape.Families);
        Assert.Equal([1, 2, 3], scrape.Errors.Select(e => e.LineNumber));
    }

    [Fact]
    public void Random_garbage_never_throws_and_every_line_is_either_parsed_or_rejected()
    {
        var random = new Random(20261126);
        const string alphabet = "ab_:{}=\",\\ \t#\n\r01.+-eInfNa\u0000é";
        for (var round = 0; round < 2_000; round++)
        {
            var chars = new char[random.Next(0, 120)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var scrape = PrometheusTextParser.Parse(text);

            var lineCount = text.Split('\n').Length;
            Assert.InRange(scrape.RejectedLines + scrape.SampleCount, 0, lineCount);
            Assert.All(scrape.Errors, e => Assert.InRange(e.LineNumber, 1, lineCount));
        }
    }

    [Fact]
    public void Parses_a_large_scrape_in_full()
    {
        var text = string.Join('\n', Enumerable.Range(0, 2_000)
            .Select(i => $"series_{i % 20}{{instance=\"m-{i}\",kind=\"x\"}} {i}.5"));

        var scrape = PrometheusTextParser.Parse(text);

        Assert.Empty(scrape.Errors);
        Assert.Equal(20, scrape.Families.Count);
        Assert.Equal(2_000, scrape.SampleCount);
        Assert.Equal(1999.5, scrape.Family("series_19")!.Samples[^1].Value);
    }

    [Fact]
    public void Repeated_label_sets_keep_their_escapes_and_braces()
    {
        var scrape = PrometheusTextParser.Parse("a{v=\"x}\\\"y\"} 1\nb{v=\"x}\\\"y\"} 2\na{v=\"x}\\\"y\"} 3 9");

        Assert.Empty(scrape.Errors);
        Assert.All(scrape.Families.SelectMany(f => f.Samples), s => Assert.Equal("x}\"y", s.Label("v")));
        Assert.Equal(9, scrape.Family("a")!.Samples[1].TimestampMs);
    }

    [Fact]
    public void A_repeated_label_set_is_still_checked_for_the_label_its_family_needs()
    {
        var scrape = PrometheusTextParser.Parse("other{q=\"1\"} 1\n# TYPE s summary\ns{q=\"1\"} 2\ns{quantile=\"1\"} 3");

        Assert.Equal("sample of \"s\" has no \"quantile\" label", Assert.Single(scrape.Errors).Reason);
        Assert.Equal(3, scrape.Errors[0].LineNumber);
        Assert.Single(scrape.Family("s")!.Samples);
    }

    [Fact]
    public void A_repeated_label_set_followed_by_a_bad_value_is_rejected()
    {
        var scrape = PrometheusTextParser.Parse("m{a=\"b\"} 1\nm{a=\"b\"} one");

        Assert.Equal("value \"one\" of \"m\" is not a number", Assert.Single(scrape.Errors).Reason);
    }

    [Fact]
    public void Parses_from_a_span_as_from_a_string()
    {
        var buffer = "junk|m{a=\"b\"} 1\nn 2|junk".ToCharArray();

        var scrape = PrometheusTextParser.Parse(buffer.AsSpan(5, buffer.Length - 10));

        Assert.Equal(["m", "n"], scrape.Families.Select(f => f.Name));
        Assert.Empty(scrape.Errors);
    }
}

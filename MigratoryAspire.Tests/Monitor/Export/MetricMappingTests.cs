using MigratoryAspire.Tests.Monitor.Support;
using System.Collections.Concurrent;
using MigratoryAspire.Monitor.Export;
using MigratoryAspire.Monitor.Prometheus;
using OpenTelemetry.Metrics;

namespace MigratoryAspire.Tests.Monitor.Export;

public class MetricMappingTests
{
    internal const string Page = """
        # HELP md_clients Connected clients.
        # TYPE md_clients gauge
        md_clients{type="web"} 12
        md_clients{type="mobile"} 3
        # TYPE md_messages_total counter
        md_messages_total{direction="in"} 1000
        # TYPE md_latency_seconds histogram
        md_latency_seconds_bucket{le="0.1"} 5
        md_latency_seconds_bucket{le="1"} 8
        md_latency_seconds_bucket{le="+Inf"} 9
        md_latency_seconds_sum 4.5
        md_latency_seconds_count 9
        # TYPE md_gc_seconds summary
        md_gc_seconds{quantile="0.5"} 0.01
        md_gc_seconds{quantile="0.99"} NaN
        md_gc_seconds_sum 1.5
        md_gc_seconds_count 100
        md_untyped 7
        """;

    [Fact]
    public void Maps_each_sample_name_to_an_instrument_of_the_right_kind()
    {
        var mapped = PrometheusMetricMapper.Map(PrometheusTextParser.Parse(Page));

        Assert.Equal(new Dictionary<string, InstrumentKind>
        {
            ["md_clients"] = InstrumentKind.Gauge,
            ["md_messages_total"] = InstrumentKind.Counter,
            ["md_latency_seconds_bucket"] = InstrumentKind.Counter,
            ["md_latency_seconds_sum"] = InstrumentKind.UpDownCounter,
            ["md_latency_seconds_count"] = InstrumentKind.Counter,
            ["md_gc_seconds"] = InstrumentKind.Gauge,
            ["md_gc_seconds_sum"] = InstrumentKind.UpDownCounter,
            ["md_gc_seconds_count"] = InstrumentKind.Counter,
            ["md_untyped"] = InstrumentKind.Gauge,
        }, mapped.Instruments.ToDictionary(i => i.Key, i => i.Value.Kind));
        Assert.Equal(13, mapped.PointCount);
        Assert.Equal("Connected clients.", mapped.Instruments["md_clients"].Description);
        Assert.Empty(mapped.Conflicts);
    }

    [Fact]
    public void A_counter_declared_without_total_is_still_a_counter()
    {
        var mapped = PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE requests counter\nrequests_total 4\n# TYPE raw counter\nraw 2"));

        Assert.Equal(InstrumentKind.Counter, mapped.Instruments["requests_total"].Kind);
        Assert.Equal(InstrumentKind.Counter, mapped.Instruments["raw"].Kind);
    }

    [Fact]
    public void A_name_used_with_two_kinds_in_one_scrape_keeps_the_first()
    {
        // x_count is an untyped family before the TYPE line, and part of summary x after it.
        var mapped = PrometheusMetricMapper.Map(PrometheusTextParser.Parse("x_count 1\n# TYPE x summary\nx_count 2\nx_sum 3"));

        Assert.Equal(InstrumentKind.Gauge, mapped.Instruments["x_count"].Kind);
        Assert.Equal(1, Assert.Single(mapped.Instruments["x_count"].Points).Value);
        Assert.Equal(["x_count"], mapped.Conflicts);
    }

    [Fact]
    public void Exports_every_series_under_the_member_resource_with_faithful_types()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var telemetry = new MemberTelemetry("migratorydata-0", "vkpsqrsw", CollectingExporter.Into(sink));

        telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse(Page)));
        telemetry.RecordCycle(up: true, connectSeconds: 0.002, scrapeSeconds: 0.01, scrapeSucceeded: true, rejectedLines: 0);
        Assert.True(telemetry.ForceFlush());

        var metrics = sink.ToDictionary(m => m.Name);
        Assert.All(metrics.Values, m =>
        {
            Assert.Equal("migratorydata-0", m.ServiceName);
            Assert.Equal("vkpsqrsw", m.InstanceId);
        });

        var clients = metrics["md_clients"];
        Assert.Equal(MemberTelemetry.SeriesMeterName, clients.Meter);
        Assert.Equal(MetricType.DoubleGauge, clients.Type);
        Assert.Equal("Connected clients.", clients.Description);
        Assert.Equal(12, clients.Point(("type", "web")).Value);
        Assert.Equal(3, clients.Point(("type", "mobile")).Value);

        var messages = metrics["md_messages_total"];
        Assert.Equal(MetricType.DoubleSum, messages.Type);
        Assert.Equal(AggregationTemporality.Cumulative, messages.Temporality);
        Assert.Equal(1000, messages.Point(("direction", "in")).Value);

        var buckets = metrics["md_latency_seconds_bucket"];
        Assert.Equal(MetricType.DoubleSum, buckets.Type);
        Assert.Equal(5, buckets.Point(("le", "0.1")).Value);
        Assert.Equal(8, buckets.Point(("le", "1")).Value);
        Assert.Equal(9, buckets.Point(("le", "+Inf")).Value);
        Assert.Equal(MetricType.DoubleSumNonMonotonic, metrics["md_latency_seconds_sum"].Type);
        Assert.Equal(4.5, metrics["md_latency_seconds_sum"].Point().Value);
        Assert.Equal(MetricType.DoubleSum, metrics["md_latency_seconds_count"].Type);
        Assert.Equal(9, metrics["md_latency_seconds_count"].Point().Value);

        var quantiles = metrics["md_gc_seconds"];
        Assert.Equal(MetricType.DoubleGauge, quantiles.Type);
        Assert.Equal(0.01, quantiles.Point(("quantile", "0.5")).Value);
        Assert.True(double.IsNaN(quantiles.Point(("quantile", "0.99")).Value));
        Assert.Equal(MetricType.DoubleSumNonMonotonic, metrics["md_gc_seconds_sum"].Type);
        Assert.Equal(100, metrics["md_gc_seconds_count"].Point().Value);
        Assert.Equal(MetricType.DoubleGauge, metrics["md_untyped"].Type);

        var up = metrics["migratorydata.member.up"];
        Assert.Equal(MemberTelemetry.StatusMeterName, up.Meter);
        Assert.Equal(1, up.Point().Value);
        Assert.Equal(MetricType.Histogram, metrics["migratorydata.member.connect.duration"].Type);
        Assert.Equal(1, metrics["migratorydata.member.connect.duration"].Point().Value);
        Assert.Equal(13, metrics["migratorydata.monitor.scrape.series"].Point().Value);
    }

    [Fact]
    public void A_counter_reports_the_scraped_total_each_time_not_a_running_sum()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var telemetry = new MemberTelemetry("m-0", "x", CollectingExporter.Into(sink));

        telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE c counter\nc_total 1000")));
        telemetry.ForceFlush();
        telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE c counter\nc_total 1500")));
        sink.Clear();
        telemetry.ForceFlush();

        Assert.Equal(1500, sink.Single(m => m.Name == "c_total").Point().Value);
    }

    [Fact]
    public void Members_never_share_series_or_resources()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var a = new MemberTelemetry("migratorydata-0", "aaaa", CollectingExporter.Into(sink));
        using var b = new MemberTelemetry("migratorydata-1", "bbbb", CollectingExporter.Into(sink));

        a.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("only_a 1\nshared 10")));
        b.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("only_b 2\nshared 20")));
        a.ForceFlush();
        b.ForceFlush();

        var series = sink.Where(m => m.Meter == MemberTelemetry.SeriesMeterName).ToArray();
        Assert.Equal(["only_a", "shared"], series.Where(m => m.ServiceName == "migratorydata-0").Select(m => m.Name).Order());
        Assert.Equal(["only_b", "shared"], series.Where(m => m.ServiceName == "migratorydata-1").Select(m => m.Name).Order());
        Assert.Equal(10, series.Single(m => m is { ServiceName: "migratorydata-0", Name: "shared" }).Point().Value);
        Assert.Equal(20, series.Single(m => m is { ServiceName: "migratorydata-1", Name: "shared" }).Point().Value);
        Assert.All(series.Where(m => m.ServiceName == "migratorydata-1"), m => Assert.Equal("bbbb", m.InstanceId));
    }

    [Fact]
    public void Withdrawn_series_stop_while_the_status_goes_on()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var telemetry = new MemberTelemetry("m-0", "x", CollectingExporter.Into(sink));
        telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("g 1")));
        telemetry.ForceFlush();

        telemetry.Withdraw();
        telemetry.RecordCycle(up: false, connectSeconds: null, scrapeSeconds: 0.3, scrapeSucceeded: false, rejectedLines: 0);
        sink.Clear();
        telemetry.ForceFlush();

        Assert.False(telemetry.PublishesSeries);
        Assert.DoesNotContain(sink, m => m.Meter == MemberTelemetry.SeriesMeterName);
        Assert.Equal(0, sink.Single(m => m.Name == "migratorydata.member.up").Point().Value);
        Assert.Equal(1, sink.Single(m => m.Name == "migratorydata.monitor.scrape.failures").Point().Value);
    }

    [Fact]
    public void Series_come_back_after_a_withdrawal()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var telemetry = new MemberTelemetry("m-0", "x", CollectingExporter.Into(sink));
        telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE c counter\nc 50")));
        telemetry.Withdraw();

        telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE c counter\nc 3")));
        sink.Clear();
        telemetry.ForceFlush();

        Assert.True(telemetry.PublishesSeries);
        Assert.Equal(3, sink.Single(m => m.Name == "c").Point().Value);
    }

    [Fact]
    public void Without_an_instance_id_the_resource_has_none()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var telemetry = new MemberTelemetry("migratorydata-4", null, CollectingExporter.Into(sink));
        telemetry.ForceFlush();

        var up = sink.Single(m => m.Name == "migratorydata.member.up");
        Assert.Equal("migratorydata-4", up.ServiceName);
        Assert.Null(up.InstanceId);
    }

    [Fact]
    public void A_name_that_changes_kind_between_scrapes_is_reported_and_kept_as_first_seen()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        using var telemetry = new MemberTelemetry("m-0", "x", CollectingExporter.Into(sink));
        Assert.Empty(telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE x gauge\nx 1"))));
        telemetry.ForceFlush();
        Assert.Equal(MetricType.DoubleGauge, sink.Single(m => m.Name == "x").Type);

        var changed = telemetry.Publish(PrometheusMetricMapper.Map(PrometheusTextParser.Parse("# TYPE x counter\nx 5")));
        sink.Clear();
        telemetry.ForceFlush();

        Assert.Equal(["x"], changed);
        Assert.DoesNotContain(sink, m => m.Name == "x" && (m.Type != MetricType.DoubleGauge || m.Points.Any(p => p.Value == 5)));
    }
}

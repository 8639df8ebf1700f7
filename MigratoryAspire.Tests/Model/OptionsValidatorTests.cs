using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.Tests.Model;

public class OptionsValidatorTests
{
    private static OptionsValidationResult Validate(Action<MigratoryDataClusterOptions> change, string name = "migratorydata")
    {
        var options = new MigratoryDataClusterOptions();
        change(options);
        return MigratoryDataClusterOptionsValidator.Validate(name, options);
    }

    private static string SingleError(Action<MigratoryDataClusterOptions> change, string name = "migratorydata") =>
        Assert.Single(Validate(change, name).Errors);

    [Fact]
    public void The_defaults_are_valid_and_warn_about_the_tutorials_drain_trap()
    {
        var result = Validate(_ => { });

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("MigratoryData:MinAvailable (3) equals Replicas (3)", warning);
        Assert.Contains("node drain", warning);
    }

    [Fact]
    public void No_warning_when_replicas_exceed_MinAvailable() =>
        Assert.Empty(Validate(o => o.Replicas = 4).Warnings);

    [Theory]
    [InlineData(6, "MigratoryData:Replicas is 6, but it must be between 1 and MaxReplicas (5).")]
    [InlineData(0, "MigratoryData:Replicas is 0, but it must be between 1 and MaxReplicas (5).")]
    public void Replicas_must_fit_within_MaxReplicas(int replicas, string expected)
    {
        var errors = Validate(o => o.Replicas = replicas).Errors;
        Assert.Contains(expected, errors);
    }

    [Fact]
    public void MaxReplicas_has_bounds() =>
        Assert.Contains("MigratoryData:MaxReplicas is 17, but it must be between 1 and 16.", Validate(o => { o.MaxReplicas = 17; }).Errors);

    [Fact]
    public void MinAvailable_must_not_exceed_Replicas() =>
        Assert.Contains("MigratoryData:MinAvailable is 4, but it must be between 1 and Replicas (3).", Validate(o => o.MinAvailable = 4).Errors);

    [Fact]
    public void MinAvailable_must_cover_the_seed_members_in_Guaranteed_mode()
    {
        var error = SingleError(o => { o.Replicas = 4; o.MinAvailable = 2; });
        Assert.StartsWith("MigratoryData:MinAvailable is 2, but with Guaranteed delivery it must be at least the number of seed members, SeedMemberCount (3)", error);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    public void SeedMemberCount_is_3_or_5(int seeds) =>
        Assert.Equal($"MigratoryData:SeedMemberCount is {seeds}, but it must be 3 or 5 (ClusterSeedMemberCount).", SingleError(o => o.SeedMemberCount = seeds));

    [Fact]
    public void SeedMemberCount_must_fit_within_MaxReplicas()
    {
        var errors = Validate(o => { o.MaxReplicas = 4; o.Replicas = 4; o.MinAvailable = 4; o.SeedMemberCount = 5; }).Errors;
        Assert.Contains("MigratoryData:SeedMemberCount is 5, but it must not exceed MaxReplicas (4).", errors);
    }

    [Fact]
    public void Five_seeds_need_five_members_available() =>
        Assert.Empty(Validate(o => { o.Replicas = 5; o.MaxReplicas = 7; o.MinAvailable = 5; o.SeedMemberCount = 5; }).Errors);

    [Fact]
    public void Guaranteed_delivery_needs_three_members()
    {
        var errors = Validate(o => { o.Replicas = 2; o.MinAvailable = 2; }).Errors;
        Assert.Contains(errors, e => e.StartsWith("MigratoryData:Replicas is 2, but Guaranteed delivery needs at least 3 members; " +
                                                  "for a 1- or 2-member development cluster set MigratoryData:DeliveryMode=Standard.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_one_member_Standard_cluster_is_allowed_with_a_warning()
    {
        var result = Validate(o => { o.DeliveryMode = DeliveryMode.Standard; o.Replicas = 1; o.MaxReplicas = 1; o.MinAvailable = 1; });

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("a single member has no fault tolerance"));
    }

    [Fact]
    public void Seed_rules_do_not_apply_to_Standard_delivery() =>
        Assert.Empty(Validate(o => { o.DeliveryMode = DeliveryMode.Standard; o.Replicas = 2; o.MaxReplicas = 2; o.MinAvailable = 1; }).Errors);

    [Theory]
    [InlineData("128 MB")]
    [InlineData("128mb")]
    [InlineData("1GB")]
    [InlineData("0MB")]
    [InlineData("")]
    public void Memory_must_be_in_MB_form(string memory) =>
        Assert.Equal($"MigratoryData:Memory is '{memory}', but it must be a whole number of megabytes followed by MB, with no space (e.g. 128MB, 8192MB).",
            SingleError(o => o.Memory = memory));

    [Fact]
    public void LogLevel_must_be_one_the_server_knows()
    {
        Assert.Equal("MigratoryData:LogLevel is 'VERBOSE', but it must be one of TRACE, DEBUG, INFO, WARN, ERROR.", SingleError(o => o.LogLevel = "VERBOSE"));
        Assert.Empty(Validate(o => o.LogLevel = "debug").Errors);
    }

    [Fact]
    public void Extra_option_values_may_not_contain_whitespace() =>
        Assert.StartsWith("MigratoryData:ExtraOptions:Entitlement is 'Custom JWT', but a server parameter value must be non-empty and contain no whitespace",
            SingleError(o => o.ExtraOptions["Entitlement"] = "Custom JWT"));

    [Fact]
    public void Extra_options_may_not_override_managed_parameters() =>
        Assert.StartsWith("MigratoryData:ExtraOptions:ClusterMembers sets a parameter this project manages",
            SingleError(o => o.ExtraOptions["ClusterMembers"] = "a:1"));

    [Fact]
    public void Extra_option_names_must_be_parameter_names() =>
        Assert.StartsWith("MigratoryData:ExtraOptions:9lives is not a valid server parameter name",
            SingleError(o => o.ExtraOptions["9lives"] = "x"));

    [Fact]
    public void Java_options_must_stay_on_one_line() =>
        Assert.Equal("MigratoryData:JavaExtraOptions must be JVM flags on one line, separated by spaces, without quotes.",
            SingleError(o => o.JavaExtraOptions = "-Xss1m\n-Xmx1g"));

    [Fact]
    public void The_metrics_port_may_not_fall_in_the_cluster_range() =>
        Assert.Equal("MigratoryData:ClusterPort (8801-8804) overlaps MigratoryData:MetricsPort (8803); " +
                     "the client port, the 4 cluster ports and the metrics port must all differ.",
            SingleError(o => o.MetricsPort = 8803));

    [Fact]
    public void The_client_port_may_not_equal_the_metrics_port() =>
        Assert.StartsWith("MigratoryData:ClientPort (9900) overlaps MigratoryData:MetricsPort (9900)", SingleError(o => o.ClientPort = 9900));

    [Theory]
    [InlineData(0)]
    [InlineData(65533)]
    public void The_cluster_range_must_be_valid_ports(int clusterPort) =>
        Assert.Equal($"MigratoryData:ClusterPort is {clusterPort}, but it must be a TCP port from 1 to 65532 (it uses 4 ports from it).",
            SingleError(o => o.ClusterPort = clusterPort));

    [Fact]
    public void Ports_above_65535_are_rejected() =>
        Assert.Equal("MigratoryData:MetricsPort is 70000, but it must be a TCP port from 1 to 65535.", SingleError(o => o.MetricsPort = 70000));

    [Theory]
    [InlineData("MigratoryData")]
    [InlineData("md_cluster")]
    [InlineData("-md")]
    [InlineData("a-name-that-is-far-too-long-for-a-statefulset-in-kubernetes")]
    public void The_cluster_name_must_be_a_DNS_label(string name) =>
        Assert.StartsWith($"The cluster name is '{name}', but it must be a Kubernetes DNS label of at most 52 characters", SingleError(_ => { }, name));

    [Fact]
    public void The_namespace_must_be_a_DNS_label() =>
        Assert.StartsWith("MigratoryData:Namespace is 'Migratory', but it must be a Kubernetes DNS label", SingleError(o => o.Namespace = "Migratory"));

    [Fact]
    public void The_image_takes_no_tag_and_the_tag_is_checked()
    {
        Assert.EndsWith(": it has a tag; put the tag in Tag.", SingleError(o => o.Image = "migratorydata/server:6.0"));
        Assert.Empty(Validate(o => o.Image = "localhost:5000/team/server").Errors);
        Assert.StartsWith("MigratoryData:Tag is 'a b', but it must be an image tag", SingleError(o => o.Tag = "a b"));
    }

    [Fact]
    public void An_unpinned_tag_warns() =>
        Assert.Contains(Validate(o => o.Tag = "latest").Warnings, w => w.StartsWith("MigratoryData:Tag is 'latest'", StringComparison.Ordinal));

    [Fact]
    public void The_monitor_user_name_must_fit_in_a_url_query() =>
        Assert.StartsWith("MigratoryData:MonitorUsername is 'a&b'", SingleError(o => o.MonitorUsername = "a&b"));

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var errors = Validate(o => { o.Memory = "lots"; o.LogLevel = "LOUD"; o.SeedMemberCount = 4; }).Errors;
        Assert.Equal(3, errors.Count);
    }
}

using Microsoft.Extensions.Configuration;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.Tests.Model;

public class OptionsBinderTests
{
    private static (MigratoryDataClusterOptions Options, IReadOnlyList<string> Errors) Bind(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var options = new MigratoryDataClusterOptions();
        return (options, MigratoryDataClusterOptionsBinder.Bind(configuration, options));
    }

    [Fact]
    public void Every_contract_key_binds()
    {
        var (o, errors) = Bind(
            ("MigratoryData:Replicas", "4"), ("MigratoryData:MaxReplicas", "7"), ("MigratoryData:MinAvailable", "4"),
            ("MigratoryData:SeedMemberCount", "5"), ("MigratoryData:DeliveryMode", "standard"), ("MigratoryData:Memory", "512MB"),
            ("MigratoryData:LogLevel", "DEBUG"), ("MigratoryData:ConnectionOffload", "false"), ("MigratoryData:Image", "local/md"),
            ("MigratoryData:Tag", "t1"), ("MigratoryData:ExtraOptions:Entitlement", "None"), ("MigratoryData:JavaGcLogOptions", "-verbose:gc"),
            ("MigratoryData:JavaGcOptions", "-XX:+UseG1GC"), ("MigratoryData:JavaExtraOptions", "-Xss1m"));

        Assert.Empty(errors);
        Assert.Equal((4, 7, 4, 5, DeliveryMode.Standard), (o.Replicas, o.MaxReplicas, o.MinAvailable, o.SeedMemberCount, o.DeliveryMode));
        Assert.Equal(("512MB", "DEBUG", false, "local/md", "t1"), (o.Memory, o.LogLevel, o.ConnectionOffload, o.Image, o.Tag));
        Assert.Equal("None", o.ExtraOptions["Entitlement"]);
        Assert.Equal(("-verbose:gc", "-XX:+UseG1GC", "-Xss1m"), (o.JavaGcLogOptions, o.JavaGcOptions, o.JavaExtraOptions));
    }

    [Fact]
    public void Defaults_stay_when_nothing_is_configured()
    {
        var (o, errors) = Bind();
        Assert.Empty(errors);
        Assert.Equal("migratorydata/server", o.Image);
        Assert.NotEqual("latest", o.Tag);
        Assert.Equal(MigratoryDataClusterOptions.TutorialJavaGcLogOptions, o.JavaGcLogOptions);
    }

    [Theory]
    [InlineData("Replicas", "three", "MigratoryData:Replicas is 'three', but it must be a whole number.")]
    [InlineData("MetricsPort", "9.9", "MigratoryData:MetricsPort is '9.9', but it must be a whole number.")]
    [InlineData("ConnectionOffload", "yes", "MigratoryData:ConnectionOffload is 'yes', but it must be true or false.")]
    [InlineData("DeliveryMode", "Exactly", "MigratoryData:DeliveryMode is 'Exactly', but it must be Standard or Guaranteed.")]
    [InlineData("DeliveryMode", "1", "MigratoryData:DeliveryMode is '1', but it must be Standard or Guaranteed.")]
    public void A_value_of_the_wrong_type_names_the_key_and_what_is_allowed(string key, string value, string expected) =>
        Assert.Equal(expected, Assert.Single(Bind(($"MigratoryData:{key}", value)).Errors));

    [Fact]
    public void A_misspelt_key_is_an_error_not_silence()
    {
        var error = Assert.Single(Bind(("MigratoryData:Replica", "4")).Errors);
        Assert.StartsWith("MigratoryData:Replica (value '4') is not a setting: did you mean MigratoryData:Replicas? The keys under MigratoryData are ClientPort, ", error);
        Assert.DoesNotContain("ErrorOnUnknownConfiguration", error);
    }

    [Fact]
    public void A_misspelt_nested_key_names_the_nearest_key_of_its_section() =>
        Assert.StartsWith("MigratoryData:Kubernetes:Autoscalin (value 'false') is not a setting: did you mean MigratoryData:Kubernetes:Autoscaling? The keys under MigratoryData:Kubernetes are Autoscaling, ",
            Assert.Single(Bind(("MigratoryData:Kubernetes:Autoscalin", "false")).Errors));

    [Fact]
    public void Every_binding_problem_is_reported_in_one_pass_and_the_good_keys_still_bind()
    {
        var (o, errors) = Bind(
            ("MigratoryData:Replicas", "four"), ("MigratoryData:Replica", "4"), ("MigratoryData:Kubernetes:NodeCount", "many"),
            ("MigratoryData:ConnectionOffload", "yes"), ("MigratoryData:LogLevel", "LOUD"), ("MigratoryData:MaxReplicas", "7"));

        Assert.Equal(4, errors.Count);
        Assert.Contains("MigratoryData:Replicas is 'four', but it must be a whole number.", errors);
        Assert.Contains("MigratoryData:Kubernetes:NodeCount is 'many', but it must be a whole number.", errors);
        Assert.Contains("MigratoryData:ConnectionOffload is 'yes', but it must be true or false.", errors);
        Assert.Contains(errors, e => e.StartsWith("MigratoryData:Replica (value '4') is not a setting", StringComparison.Ordinal));
        // Bound despite the errors, so the validator reports LogLevel in the same run.
        Assert.Equal(("LOUD", 7), (o.LogLevel, o.MaxReplicas));
    }
}

using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>Each publish-only setting is checked with a message naming key, value and what is allowed (the process
/// behaviour on bad settings is in Hosting/EntryPointTests).</summary>
public class InvalidSettingsTests
{
    [Theory]
    [InlineData("ImagePullPolicy", "ifnotpresent", "MigratoryData:Kubernetes:ImagePullPolicy is 'ifnotpresent', but it must be one of: IfNotPresent, Always, Never.")]
    [InlineData("ZoneSpread", "Maybe", "MigratoryData:Kubernetes:ZoneSpread is 'Maybe', but it must be one of: ScheduleAnyway, DoNotSchedule, Off.")]
    [InlineData("UnhealthyPodEvictionPolicy", "Never", "MigratoryData:Kubernetes:UnhealthyPodEvictionPolicy is 'Never', but it must be one of: AlwaysAllow, IfHealthyBudget.")]
    [InlineData("CpuRequest", "half", "MigratoryData:Kubernetes:CpuRequest is 'half', but it must be a positive Kubernetes quantity such as 500m, 0.5, 256Mi or 1Gi.")]
    [InlineData("MemoryRequest", "", "MigratoryData:Kubernetes:MemoryRequest is empty, but it must be a Kubernetes quantity such as 500m, 0.5, 256Mi or 1Gi.")]
    [InlineData("MemoryLimit", "128Mi", "MigratoryData:Kubernetes:MemoryLimit is '128Mi', but it must be at least MemoryRequest ('256Mi'), or empty for none.")]
    [InlineData("ServicePort", "0", "MigratoryData:Kubernetes:ServicePort is 0, but it must be between 1 and 65535.")]
    [InlineData("TargetCpuUtilization", "150", "MigratoryData:Kubernetes:TargetCpuUtilization is 150, but it must be between 1 and 100.")]
    [InlineData("TerminationGracePeriodSeconds", "-1", "MigratoryData:Kubernetes:TerminationGracePeriodSeconds is -1, but it must be between 0 and 3600.")]
    [InlineData("NodeCount", "9", "MigratoryData:Kubernetes:NodeCount is 9, but it must be between NodeMinCount (3) and NodeMaxCount (5).")]
    [InlineData("NodeVmSize", "big one", "MigratoryData:Kubernetes:NodeVmSize is 'big one', but it must be an Azure VM size name such as Standard_DS2_v2 (letters, digits, '_' and '-').")]
    [InlineData("KubernetesVersion", "latest", "MigratoryData:Kubernetes:KubernetesVersion is 'latest', but it must be empty (the AKS default) or MAJOR.MINOR[.PATCH], e.g. 1.33.")]
    public void Each_kubernetes_setting_is_checked_with_a_message_naming_key_value_and_allowed_values(string key, string value, string expected)
    {
        var options = new KubernetesOptions();
        var property = typeof(KubernetesOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);
        var errors = new List<string>();

        KubernetesOptionsValidator.Validate(options, null, errors, new List<string>());

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var errors = new List<string>();
        KubernetesOptionsValidator.Validate(new KubernetesOptions(), "128MB", errors, new List<string>());
        Assert.Empty(errors);
    }
}

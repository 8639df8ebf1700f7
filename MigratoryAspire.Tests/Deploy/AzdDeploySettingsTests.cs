using Microsoft.Extensions.Configuration;
using MigratoryAspire.AppHost.Deploy;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>Where the deploy settings come from and what is refused.</summary>
public sealed class AzdDeploySettingsTests
{
    [Fact]
    public void Aspire_keys_win_over_the_azd_variables_and_blank_values_count_as_unset()
    {
        var settings = AzdDeploySettings.From(Configuration(new()
        {
            ["Azure:SubscriptionId"] = "00000000-1111-2222-3333-444444444444",
            ["AZURE_SUBSCRIPTION_ID"] = "99999999-1111-2222-3333-444444444444",
            ["Azure:Location"] = " ",
            ["AZURE_LOCATION"] = "westeurope",
        }), "staging", "/out");

        Assert.Equal(new AzdDeploySettings("staging", "/out", "00000000-1111-2222-3333-444444444444", "westeurope"), settings);
        Assert.Empty(settings.Validate());
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("dev")]
    [InlineData("team_a.staging-2")]
    public void Aspire_environment_names_that_azd_accepts_are_valid(string name) =>
        Assert.Empty(new AzdDeploySettings(name, "/out", null, null).Validate());

    [Fact]
    public void Every_problem_is_named_with_the_value_and_what_is_allowed()
    {
        var errors = new AzdDeploySettings(new string('x', 65), "/out", "my-subscription", "West Europe").Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("1-64 letters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Azure:SubscriptionId is 'my-subscription'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Azure:Location is 'West Europe'", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

using Microsoft.Extensions.Configuration;
using MigratoryAspire.Cluster;
using MigratoryAspire.Monitor.Configuration;

namespace MigratoryAspire.Tests.Cluster;

/// <summary>The cluster contract's one mapping to environment variables, read back by the monitor's own binding.</summary>
public class ClusterContractTests
{
    private static readonly ClusterTopology Topology = ClusterTopology.Create("migratorydata", 3, 5, 3, DeliveryMode.Guaranteed);

    [Fact]
    public void Member_addresses_are_written_in_one_place()
    {
        Assert.Equal("migratorydata-2", Topology.MemberHost(2));
        Assert.Equal("migratorydata-2.migratorydata-hs.migratory.svc", Topology.MemberHost(2, "migratorydata-hs.migratory.svc"));
        Assert.Equal("migratorydata-2.d:9900", Topology.MemberAddress(2, 9900, "d"));
        Assert.Equal(Topology.MemberAddress(2, Topology.ClusterPort, "d"), Topology.MemberAddress(2, "d"));
        Assert.Equal([8801, 8802, 8803, 8804], Topology.ClusterPortRange);
    }

    [Fact]
    public void The_variables_bind_back_into_the_monitors_options_and_parse_back_into_the_same_contract()
    {
        var contract = ClusterContract.AtDnsNames(Topology, "migratorydata-hs.migratory.svc", 8800, 9900);
        contract.Members[1].InstanceId = "abcdefgh";
        var variables = ClusterContractVariables.For(contract).ToDictionary(v => v.Key, v => v.Value);

        Assert.Equal("migratorydata", variables["Monitor__ClusterName"]);
        Assert.Equal("Guaranteed", variables["Monitor__DeliveryMode"]);
        Assert.Equal("http://migratorydata-0.migratorydata-hs.migratory.svc:9900", variables["Monitor__Members__0__MetricsUrl"]);
        Assert.Equal("abcdefgh", variables["Monitor__Members__1__InstanceId"]);
        Assert.DoesNotContain("Monitor__Members__0__InstanceId", variables.Keys);

        // As the monitor reads them: environment variables, '__' as the section separator, bound to MonitorOptions.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
            .Build();
        var options = configuration.GetSection(MonitorOptions.SectionName).Get<MonitorOptions>()!;
        Assert.Equal(ClusterContractVariables.For(contract), ClusterContractVariables.For(options));
        Assert.Empty(MonitorOptionsValidator.Errors(options));
        Assert.Equal(Topology.Members.Select(m => m.Name), options.ToTopology().Members.Select(m => m.Name));
        Assert.Equal(Topology.SeedQuorum, options.ToTopology().SeedQuorum);

        Assert.Equal(ClusterContractVariables.For(contract), ClusterContractVariables.For(ClusterContractVariables.Parse(variables)));
    }

    [Theory]
    [InlineData(DeliveryMode.Standard, 5, 0)]
    [InlineData(DeliveryMode.Guaranteed, 5, 5)]
    public void The_contract_carries_the_seed_member_setting_as_given_in_either_delivery_mode(DeliveryMode mode, int setting, int seeds)
    {
        var topology = ClusterTopology.Create("migratorydata", 3, 5, setting, mode);

        var contract = ClusterContract.From(topology);

        Assert.Equal((setting, seeds), (contract.SeedMemberCount, topology.SeedCount));
        Assert.Equal(seeds, contract.ToTopology().SeedCount);
    }
}

using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.Tests.Model;

public class ServerParametersTests
{
    // The tutorial's MIGRATORYDATA_EXTRA_OPTS, item for item (our expectation, written out).
    private const string TutorialItems = "-DMemory=128MB -DClusterDeliveryMode=Guaranteed -DLogLevel=INFO -DX.ConnectionOffload=true -DClusterSeedMemberCount=3";

    [Fact]
    public void Default_options_start_with_the_tutorials_items_then_add_the_monitor()
    {
        var value = ServerParameters.Format(ServerParameters.BaseItems(new MigratoryDataClusterOptions()));

        Assert.Equal(TutorialItems + " -DMonitor=PROMETHEUS -DMonitorPrometheus.Listen=*:9900 -DMonitorUsername=admin", value);
    }

    [Fact]
    public void Changed_settings_change_their_items()
    {
        var options = new MigratoryDataClusterOptions
        {
            DeliveryMode = DeliveryMode.Standard, Memory = "1024MB", LogLevel = "warn", ConnectionOffload = false,
            ClientPort = 8080, MetricsPort = 9988, MonitorUsername = "ops",
        };
        options.ExtraOptions["Zeta"] = "1";
        options.ExtraOptions["Entitlement"] = "None";

        var value = ServerParameters.Format(ServerParameters.BaseItems(options));

        Assert.Equal("-DMemory=1024MB -DClusterDeliveryMode=Standard -DLogLevel=WARN -DX.ConnectionOffload=false -DListen=*:8080 " +
                     "-DMonitor=PROMETHEUS -DMonitorPrometheus.Listen=*:9988 -DMonitorUsername=ops -DEntitlement=None -DZeta=1", value);
    }

    [Fact]
    public void Five_seeds_are_passed_on()
    {
        var options = new MigratoryDataClusterOptions { SeedMemberCount = 5, Replicas = 5, MaxReplicas = 7, MinAvailable = 5 };
        Assert.Contains(new KeyValuePair<string, string>("ClusterSeedMemberCount", "5"), ServerParameters.BaseItems(options));
    }

    [Fact]
    public void Member_items_come_from_the_topology()
    {
        var topology = ClusterTopology.Create("migratorydata", 3, 5, 3, DeliveryMode.Guaranteed);

        var value = ServerParameters.Format(ServerParameters.MemberItems(topology, 1));

        Assert.Equal("-DClusterMemberListen=migratorydata-1:8801 -DClusterMembers=migratorydata-0:8801,migratorydata-1:8801," +
                     "migratorydata-2:8801,migratorydata-3:8801,migratorydata-4:8801", value);
    }

    [Fact]
    public void Parse_reads_back_what_Format_writes()
    {
        var items = ServerParameters.BaseItems(new MigratoryDataClusterOptions());
        Assert.Equal(items, ServerParameters.Parse(ServerParameters.Format(items)));
    }

    [Fact]
    public void No_secret_is_ever_among_the_shared_items()
    {
        var names = ServerParameters.BaseItems(new MigratoryDataClusterOptions()).Select(i => i.Key);
        Assert.DoesNotContain("LicenseKey", names);
        Assert.DoesNotContain("ClusterPassword", names);
        Assert.DoesNotContain("MonitorPassword", names);
    }
}

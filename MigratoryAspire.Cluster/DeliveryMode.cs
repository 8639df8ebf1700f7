namespace MigratoryAspire.Cluster;

/// <summary>The MigratoryData <c>ClusterDeliveryMode</c>: the quality of service the cluster gives clients after a failover.</summary>
public enum DeliveryMode
{
    /// <summary>After a failover a client gets the latest message (snapshot) of each subject. Order of members does not matter.</summary>
    Standard,

    /// <summary>After a failover a client also gets the messages it missed. The first members of <c>ClusterMembers</c> are seeds.</summary>
    Guaranteed,
}

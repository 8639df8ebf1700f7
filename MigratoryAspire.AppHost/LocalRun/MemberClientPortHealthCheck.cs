using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>
/// A member is healthy when its client port accepts a connection and answers, as the tutorial's readiness probe
/// (a TCP check on 8800) would have it.
/// </summary>
/// <remarks>
/// A bare TCP connect would lie locally: the DCP proxy and docker's port forwarder accept connections on the host
/// port even while nothing listens in the container. Any HTTP answer, whatever its status, proves the server
/// itself took the connection.
/// </remarks>
internal sealed class MemberClientPortHealthCheck(EndpointReference endpoint, Func<HttpClient> clientFactory) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy($"The client endpoint of '{endpoint.Resource.Name}' has no address yet.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clientFactory().GetAsync(endpoint.Url, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Client port answered HTTP {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Client port did not answer: {ex.Message}");
        }
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using MigratoryAspire.Monitor.Prometheus;
using OpenTelemetry;

namespace MigratoryAspire.Monitor.Scraping;

/// <summary>Fetches and parses a member's Prometheus page, turning every way it can go wrong into a failure reason.</summary>
/// <remarks>
/// The scraper owns a plain <see cref="HttpClient"/> rather than one from the factory: the service defaults add retries to
/// factory clients, and a retried scrape would hide exactly the slowness the monitor exists to report.
/// </remarks>
internal sealed class MetricsScraper : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly int _maxBytes;

    /// <summary>Creates a scraper.</summary>
    /// <param name="timeout">How long one scrape may take, body included.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    public MetricsScraper(TimeSpan timeout, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _timeout = timeout;
        _maxBytes = maxBytes;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            AutomaticDecompression = DecompressionMethods.GZip,
            // A member that restarts gets a new container address behind the same port; don't hold dead connections long.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// The URL to scrape: the base URL with <c>/metrics</c> added when it has no path, and the credentials as the
    /// <c>username</c> and <c>password</c> query parameters MigratoryData's Prometheus monitor expects.
    /// </summary>
    /// <param name="metricsUrl">The member's metrics endpoint.</param>
    /// <param name="username">MonitorUsername; no credentials are sent when empty.</param>
    /// <param name="password">MonitorPassword.</param>
    public static Uri ScrapeUri(string metricsUrl, string? username, string? password)
    {
        var builder = new UriBuilder(metricsUrl);
        if (builder.Path is "" or "/")
        {
            builder.Path = "/metrics";
        }

        if (!string.IsNullOrEmpty(username))
        {
            var credentials = $"username={Uri.EscapeDataString(username)}&password={Uri.EscapeDataString(password ?? "")}";
            builder.Query = string.IsNullOrEmpty(builder.Query) ? credentials : $"{builder.Query.TrimStart('?')}&{credentials}";
        }

        return builder.Uri;
    }

    /// <summary>Scrapes one page. Never throws for the member's sake; only <paramref name="cancellationToken"/> stops it with an exception.</summary>
    /// <param name="uri">The page, from <see cref="ScrapeUri"/>.</param>
    /// <param name="cancellationToken">Stops the scrape when the monitor shuts down.</param>
    public async Task<ScrapeResult> ScrapeAsync(Uri uri, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        // A trace per member every few seconds would bury the traces worth reading in the dashboard.
        using var untraced = SuppressInstrumentationScope.Begin();
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? " (check MonitorUsername and MonitorPassword)"
                    : "";
                return ScrapeResult.Fail($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{hint}", clock.Elapsed);
            }

            if (response.Content.Headers.ContentLength > _maxBytes)
            {
                return ScrapeResult.Fail($"the page is {response.Content.Headers.ContentLength} bytes, over the {_maxBytes}-byte limit", clock.Elapsed);
            }

            var scrape = await ReadAndParseAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (scrape is null)
            {
                return ScrapeResult.Fail($"the page is over the {_maxBytes}-byte limit", clock.Elapsed);
            }

            if (scrape.SampleCount == 0 && scrape.RejectedLines > 0)
            {
                return ScrapeResult.Fail(
                    $"the page holds no metrics: all {scrape.RejectedLines} non-comment lines were rejected, first {scrape.Errors[0]}", clock.Elapsed);
            }

            return ScrapeResult.Success(scrape, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ScrapeResult.Fail($"no complete answer within {_timeout.TotalSeconds:0.###} s", clock.Elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or DecoderFallbackException)
        {
            return ScrapeResult.Fail(Describe(ex), clock.Elapsed);
        }
    }

    /// <summary>Reads the body and parses it as UTF-8, or returns null when it is longer than the limit.</summary>
    private async Task<PrometheusScrape?> ReadAndParseAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= _maxBytes + 1)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, _maxBytes + 1) - length), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > _maxBytes)
                {
                    return null;
                }
            }

            // Decoded into a pooled buffer: a page is often over 85 KB, and a string that size would be a large-object
            // allocation every scrape. Invalid UTF-8 becomes U+FFFD, which the parser rejects line by line.
            var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(length));
            try
            {
                var count = Encoding.UTF8.GetChars(buffer, 0, length, chars, 0);
                return PrometheusTextParser.Parse(chars.AsSpan(0, count));
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Describe(Exception ex)
    {
        var inner = ex.InnerException is { } i && i.Message != ex.Message ? $" ({i.Message})" : "";
        return $"{ex.Message}{inner}";
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

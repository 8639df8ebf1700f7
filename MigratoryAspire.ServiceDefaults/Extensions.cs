namespace Microsoft.Extensions.Hosting;

/// <summary>Placeholder; replaced by the service defaults.</summary>
public static class Extensions
{
}

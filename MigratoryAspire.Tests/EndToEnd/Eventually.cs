namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>Retries a block of assertions until they hold: container DNS and peers settle a moment after a member turns healthy.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task> assertions, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await assertions();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}

using System.Runtime.CompilerServices;

// The publisher's mapping and writer are internal; the tests exercise them directly as well as through a publish run.
[assembly: InternalsVisibleTo("MigratoryAspire.Tests")]

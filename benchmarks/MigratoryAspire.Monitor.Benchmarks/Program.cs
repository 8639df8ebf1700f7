using MigratoryAspire.Monitor.Benchmarks;

// benchmarks/monitor-cycle.sh runs the benchmark; it starts itself again with --serve as the child process that serves
// the members' pages and the OTLP sink, so only the monitor's CPU time is counted.
return args is ["--serve", .. var serveArgs]
    ? await MonitorBenchmark.ServeAsync(serveArgs)
    : await MonitorBenchmark.RunAsync(args);

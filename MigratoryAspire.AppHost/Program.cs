var builder = DistributedApplication.CreateBuilder(args);

// Every setting binds from the "MigratoryData" configuration section; see README.md.
builder.AddMigratoryDataCluster("migratorydata").WithMonitor();

builder.Build().Run();

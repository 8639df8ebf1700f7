var builder = DistributedApplication.CreateBuilder(args);
builder.AddMigratoryDataCluster("migratorydata");
builder.Build().Run();

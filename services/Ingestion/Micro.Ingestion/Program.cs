using Micro.Hosting;
using Micro.Ingestion;

var micro = MicroHostBuilder.Create(args);
micro.Add(new IngestionModule());
micro.Build().Run();

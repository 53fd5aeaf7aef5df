using Micro.Console;
using Micro.Edge;
using Micro.GitWorkflow;
using Micro.Hosting;
using Micro.Ingestion;
using Micro.PrLock;
using Micro.Rerun;
using Micro.RunnerBroker;
using Micro.Standalone;

// The content root is the build output, so the bundled appsettings.json applies however the host is started.
var micro = MicroHostBuilder.Create(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory })
    .ListenByDefaultOn("http://localhost:8080")
    .AsDoor(EdgeHost.Standalone);
micro.Add(new StandaloneReport());
micro.Add(new IngestionModule());
micro.Add(new RerunModule());
micro.Add(new PrLockModule());
micro.Add(new RunnerBrokerModule());
micro.Add(new GitWorkflowModule());
micro.Add(new ConsoleModule());
micro.Build().Run();

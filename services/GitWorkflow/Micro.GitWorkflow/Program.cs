using Micro.Hosting;
using Micro.GitWorkflow;

var micro = MicroHostBuilder.Create(args);
micro.Add(new GitWorkflowModule());
micro.Build().Run();

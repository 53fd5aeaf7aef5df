using Micro.Hosting;
using Micro.RunnerBroker;

var micro = MicroHostBuilder.Create(args);
micro.Add(new RunnerBrokerModule());
micro.Build().Run();

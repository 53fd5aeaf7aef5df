using Micro.Hosting;
using Micro.Rerun;

var micro = MicroHostBuilder.Create(args);
micro.Add(new RerunModule());
micro.Build().Run();

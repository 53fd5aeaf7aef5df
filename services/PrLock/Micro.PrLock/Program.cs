using Micro.Hosting;
using Micro.PrLock;

var micro = MicroHostBuilder.Create(args);
micro.Add(new PrLockModule());
micro.Build().Run();

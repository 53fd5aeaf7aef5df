using Micro.Console;
using Micro.Gateway;
using Micro.Hosting;

var micro = MicroHostBuilder.Create(args).ListenByDefaultOn("http://localhost:8080").AsDoor();
micro.Add(new GatewayModule());
micro.Add(new ConsoleModule());
micro.Build().Run();

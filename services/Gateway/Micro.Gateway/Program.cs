using Micro.Edge;
using Micro.Gateway;
using Micro.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.ListenByDefaultOn("http://localhost:8080");
builder.AddServiceDefaults();
builder.AddEdge();
builder.AddGateway();

var app = builder.Build();
app.UseServiceDefaults();
app.UseEdge();
app.MapGateway();
app.Run();

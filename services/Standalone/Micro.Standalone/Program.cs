using Micro.Edge;
using Micro.Ingestion;
using Micro.Messaging;
using Micro.PrLock;
using Micro.Rerun;
using Micro.ServiceDefaults;
using Micro.Standalone;

// The content root is the build output, so the bundled appsettings.json applies however the host is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.ListenByDefaultOn("http://localhost:8080");
builder.AddServiceDefaults();
builder.AddEdge(EdgeHost.Standalone);
builder.AddStandaloneReport();
builder.AddIngestion();
builder.AddRerun();
builder.AddPrLock();
builder.AddMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.UseEdge();
app.MapIngestion();
app.MapRerun();
app.MapPrLock();
app.Run();

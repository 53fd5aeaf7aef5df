using Micro.Ingestion;
using Micro.Messaging;
using Micro.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInternalCallers();
builder.AddIngestion();
builder.AddMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapIngestion();
app.Run();

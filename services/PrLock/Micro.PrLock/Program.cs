using Micro.Messaging;
using Micro.PrLock;
using Micro.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInternalCallers();
builder.AddPrLock();
builder.AddMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapPrLock();
app.Run();

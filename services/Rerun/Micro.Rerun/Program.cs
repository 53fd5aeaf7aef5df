using Micro.Messaging;
using Micro.Rerun;
using Micro.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInternalCallers();
builder.AddRerun();
builder.AddMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapRerun();
app.Run();

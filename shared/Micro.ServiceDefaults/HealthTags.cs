namespace Micro.ServiceDefaults;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthTags
{
    /// <summary>The process is alive; failing means restart it.</summary>
    public const string Live = "live";

    /// <summary>The process can do its work (database, broker, destinations); failing means send it no traffic.</summary>
    public const string Ready = "ready";
}

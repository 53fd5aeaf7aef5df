using System.ComponentModel.DataAnnotations;

namespace Micro.Persistence.Database;

public enum DatabaseProvider
{
    /// <summary>One SQLite file per service under <see cref="DatabaseOptions.DataDirectory"/>: the standalone host.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database per service, from <c>ConnectionStrings:&lt;Service&gt;</c>: the distributed topology.</summary>
    Postgres,
}

/// <summary>The <c>Database</c> configuration section, shared by every service of a process.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where SQLite files live; relative paths are taken from the current directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}

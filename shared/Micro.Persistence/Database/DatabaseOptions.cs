using System.ComponentModel.DataAnnotations;

namespace Micro.Persistence.Database;

public enum DatabaseProvider
{
    /// <summary>One SQLite file per service under <see cref="DatabaseOptions.DataDirectory"/>: the standalone host.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database per service, from <c>ConnectionStrings:&lt;Service&gt;</c>: the distributed topology.</summary>
    Postgres,
}

/// <summary>When a SQLite commit waits for the disk (<c>PRAGMA synchronous</c>; the files are always in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is flushed to disk before it returns: it survives a process crash and a power loss.</summary>
    Full,

    /// <summary>
    /// Commits are flushed at checkpoints only: a commit survives a process crash (SIGKILL, an unhandled exception), as the
    /// operating system holds it; a power loss or kernel crash may undo the last commits (the database stays consistent).
    /// </summary>
    Normal,
}

/// <summary>The <c>Database</c> configuration section, shared by every service of a process.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where SQLite files live; relative paths are taken from the current directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite only: whether each commit waits for the disk (<see cref="SqliteSynchronous.Full"/>) or for the checkpoints.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;
}

using Durable.Local.Persistence;
using Microsoft.Data.Sqlite;

namespace Durable.Local.Sqlite;

/// <summary>How hard SQLite works to make a committed batch survive.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// WAL with <c>synchronous=NORMAL</c> (the default): a committed batch survives the engine process being killed;
    /// the last batches may be lost if the machine itself loses power.
    /// </summary>
    Normal,

    /// <summary>WAL with <c>synchronous=FULL</c>: every commit is flushed to disk before the engine answers.</summary>
    Full,
}

/// <summary>
/// An <see cref="IDurableStore"/> in one SQLite file: tables of executions, operations and events holding the
/// engine's JSON documents, each batch in one transaction. The file is opened in exclusive locking mode, so a second
/// engine cannot open a store that one is using.
/// </summary>
public sealed class SqliteDurableStore : IDurableStore, IDisposable
{
    private const int SchemaVersion = 1;
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsertExecution;
    private readonly SqliteCommand _upsertOperation;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand[] _deleteExecution;
    private bool _disposed;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="durability">How commits are flushed; <see cref="SqliteDurability.Normal"/> by default.</param>
    /// <exception cref="InvalidOperationException">The file was written by a newer version, or another engine holds it.</exception>
    public SqliteDurableStore(string path, SqliteDurability durability = SqliteDurability.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SQLitePCL.Batteries_V2.Init();
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        // Only another engine ever contends for the file (exclusive locking), so waiting long for it is pointless.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 2 }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA locking_mode=EXCLUSIVE;");
            Execute("PRAGMA journal_mode=WAL;");
            Execute(durability == SqliteDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            // Checkpoint the WAL into the database every ~40 MB rather than every ~4 MB: each checkpoint syncs the
            // file, and with two small commits per step the default made those syncs a large share of a step's cost.
            Execute("PRAGMA wal_autocheckpoint=10000;");
            Execute("PRAGMA journal_size_limit=67108864;");
            CreateSchema();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            _connection.Dispose();
            throw new InvalidOperationException($"The store '{Path}' is in use by another engine.", ex);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }

        _upsertExecution = Prepare(
            "INSERT INTO executions (arn, function_name, start_order, document) VALUES ($arn, $function, $order, $document) " +
            "ON CONFLICT (arn) DO UPDATE SET function_name = excluded.function_name, start_order = excluded.start_order, document = excluded.document;",
            "$arn", "$function", "$order", "$document");
        _upsertOperation = Prepare(
            "INSERT INTO operations (arn, id, start_sequence, document) VALUES ($arn, $id, $sequence, $document) " +
            "ON CONFLICT (arn, id) DO UPDATE SET start_sequence = excluded.start_sequence, document = excluded.document;",
            "$arn", "$id", "$sequence", "$document");
        _insertEvent = Prepare(
            "INSERT OR REPLACE INTO events (arn, event_id, document) VALUES ($arn, $event, $document);",
            "$arn", "$event", "$document");
        _deleteExecution =
        [
            Prepare("DELETE FROM events WHERE arn = $arn;", "$arn"),
            Prepare("DELETE FROM operations WHERE arn = $arn;", "$arn"),
            Prepare("DELETE FROM executions WHERE arn = $arn;", "$arn"),
        ];
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyList<StoredExecutionRows> Load()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var operations = new Dictionary<string, List<OperationRow>>(StringComparer.Ordinal);
            using (var command = Command("SELECT arn, id, start_sequence, document FROM operations ORDER BY arn, start_sequence;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = new OperationRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
                    GetList(operations, row.Arn).Add(row);
                }
            }

            var events = new Dictionary<string, List<EventRow>>(StringComparer.Ordinal);
            using (var command = Command("SELECT arn, event_id, document FROM events ORDER BY arn, event_id;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = new EventRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
                    GetList(events, row.Arn).Add(row);
                }
            }

            var executions = new List<StoredExecutionRows>();
            using (var command = Command("SELECT arn, function_name, start_order, document FROM executions ORDER BY start_order;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = new ExecutionRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
                    executions.Add(new StoredExecutionRows(
                        row,
                        operations.GetValueOrDefault(row.Arn) ?? [],
                        events.GetValueOrDefault(row.Arn) ?? []));
                }
            }

            return executions;
        }
    }

    /// <inheritdoc />
    public void Commit(DurableStoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            foreach (var execution in batch.Executions)
            {
                Run(_upsertExecution, transaction, execution.Arn, execution.FunctionName, execution.StartSequence, execution.Document);
            }

            foreach (var operation in batch.Operations)
            {
                Run(_upsertOperation, transaction, operation.Arn, operation.Id, operation.StartSequence, operation.Document);
            }

            foreach (var @event in batch.Events)
            {
                Run(_insertEvent, transaction, @event.Arn, @event.EventId, @event.Document);
            }

            foreach (var arn in batch.DeletedExecutions)
            {
                foreach (var delete in _deleteExecution)
                {
                    Run(delete, transaction, arn);
                }
            }

            transaction.Commit();
        }
    }

    /// <summary>Closes the database file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _upsertExecution.Dispose();
            _upsertOperation.Dispose();
            _insertEvent.Dispose();
            foreach (var command in _deleteExecution)
            {
                command.Dispose();
            }

            _connection.Dispose();
        }
    }

    private void CreateSchema()
    {
        using (var command = Command("PRAGMA user_version;"))
        {
            var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"The store '{Path}' has format {version}; this version reads format {SchemaVersion} and older.");
            }
        }

        Execute("""
            CREATE TABLE IF NOT EXISTS executions (
                arn TEXT NOT NULL PRIMARY KEY,
                function_name TEXT NOT NULL,
                start_order INTEGER NOT NULL,
                document TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS executions_by_function ON executions (function_name, start_order);
            CREATE TABLE IF NOT EXISTS operations (
                arn TEXT NOT NULL,
                id TEXT NOT NULL,
                start_sequence INTEGER NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (arn, id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS events (
                arn TEXT NOT NULL,
                event_id INTEGER NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (arn, event_id)) WITHOUT ROWID;
            """);
        Execute($"PRAGMA user_version = {SchemaVersion};");
    }

    private static List<T> GetList<T>(Dictionary<string, List<T>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            list = [];
            lists[key] = list;
        }

        return list;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Command(sql);
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }
}

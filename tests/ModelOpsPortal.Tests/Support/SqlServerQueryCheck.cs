using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// Every LINQ query the portal's services compile while the tests run (on SQLite or PostgreSQL) is also translated by
/// the SQL Server provider and its statement parsed as T-SQL for SQL Server 2019 (<see cref="TSql150Parser"/>). A query
/// SQL Server cannot translate, or a statement that does not parse, fails the test that ran it, naming the query.
/// </summary>
/// <remarks>
/// The queries are the services' own: EF Core hands each new query shape to this interceptor before compiling it, so
/// nothing is kept by hand. The SQL Server context never opens a connection: its connection is reported open, each
/// command's text is kept and an empty result is returned in its place.
/// </remarks>
public sealed class SqlServerQueryCheck : IQueryExpressionInterceptor
{
    public static readonly SqlServerQueryCheck Instance = new();

    private static readonly DbContextOptions<SqlServerPortalDbContext> Options = new DbContextOptionsBuilder<SqlServerPortalDbContext>()
        .UseSqlServer("Server=sqlserver.invalid;Database=ModelOpsPortal;TrustServerCertificate=true", o => o.UseCompatibilityLevel(DatabaseSetup.SqlServerCompatibilityLevel))
        .AddInterceptors(CommandCapture.Instance)
        .Options;

    private static readonly MethodInfo Execute = typeof(IQueryProvider).GetMethods()
        .Single(m => m.Name == nameof(IQueryProvider.Execute) && m.IsGenericMethodDefinition);

    private readonly ConcurrentDictionary<string, byte> statements = new();

    private SqlServerQueryCheck()
    {
    }

    /// <summary>The distinct SQL Server statements the run's queries translated to so far.</summary>
    public IReadOnlyCollection<string> Statements => statements.Keys.ToList();

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        foreach (var sql in Translate(queryExpression))
        {
            statements.TryAdd(sql, 0);
        }

        return queryExpression;
    }

    /// <summary>The statements SQL Server would run for a query (as handed to an interceptor); throws when it cannot.</summary>
    public static IReadOnlyList<string> Translate(Expression query)
    {
        using var db = new SqlServerPortalDbContext(Options);
        var rewritten = new ToSqlServer(db.Model).Visit(query);
        var provider = ((IQueryable)db.Set<Domain.Model>()).Provider;
        var captured = CommandCapture.Begin();
        try
        {
            if (typeof(IQueryable).IsAssignableFrom(rewritten.Type))
            {
                foreach (var _ in (IEnumerable)provider.CreateQuery(rewritten))
                {
                }
            }
            else
            {
                Execute.MakeGenericMethod(rewritten.Type).Invoke(provider, [rewritten]);
            }
        }
        catch (Exception e) when (captured.Count > 0 && (e is InvalidOperationException || e.InnerException is InvalidOperationException))
        {
            // "Sequence contains no elements": First/Single/Max on the empty result that stands in for SQL Server's answer.
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            throw new InvalidOperationException($"SQL Server cannot run a query of the portal: {inner.Message}\n{query}", inner);
        }
        finally
        {
            CommandCapture.End();
        }

        if (captured.Count == 0)
        {
            throw new InvalidOperationException($"SQL Server translated a query of the portal to no statement:\n{query}");
        }

        return Parsed(captured);
    }

    /// <summary>The statements SQL Server would run for <paramref name="run"/>, a command the portal writes itself (raw SQL), parsed.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(Func<SqlServerPortalDbContext, Task> run)
    {
        await using var db = new SqlServerPortalDbContext(Options);
        var captured = CommandCapture.Begin();
        try
        {
            await run(db);
        }
        finally
        {
            CommandCapture.End();
        }

        return Parsed(captured);
    }

    private static List<string> Parsed(List<string> captured)
    {
        foreach (var sql in captured)
        {
            var parser = new TSql150Parser(initialQuotedIdentifiers: true);
            parser.Parse(new StringReader(sql), out var errors);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(
                    $"SQL Server 2019 would not parse a statement of the portal: {string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"))}\n{sql}");
            }
        }

        return captured;
    }

    /// <summary>Points the query at the SQL Server model and turns its extracted parameters back into captured values.</summary>
    private sealed class ToSqlServer(Microsoft.EntityFrameworkCore.Metadata.IModel model) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) => node switch
        {
            EntityQueryRootExpression root => new EntityQueryRootExpression(
                model.FindEntityType(root.EntityType.Name) ?? throw new InvalidOperationException($"SQL Server's model has no {root.EntityType.Name}.")),
            QueryParameterExpression parameter => Captured(parameter.Type),
            _ => base.VisitExtension(node),
        };

        /// <summary>A closure-like member access, which the SQL Server provider extracts as a parameter again.</summary>
        private static Expression Captured(Type type)
        {
            var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), Sample(type))!;
            return Expression.Field(Expression.Constant(box), nameof(Box<int>.Value));
        }

        /// <summary>A value of the type: real values only matter to SQL Server's translation through their nullness and count.</summary>
        private static object? Sample(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (underlying == typeof(string))
            {
                return "x";
            }

            if (underlying.IsEnum)
            {
                return Enum.GetValues(underlying).GetValue(0);
            }

            if (underlying == typeof(DateTimeOffset))
            {
                return TestDatabase.Now;
            }

            if (underlying == typeof(DateTime))
            {
                return TestDatabase.Now.UtcDateTime;
            }

            if (underlying == typeof(DateOnly))
            {
                return DateOnly.FromDateTime(TestDatabase.Now.UtcDateTime);
            }

            if (underlying.IsArray)
            {
                var array = Array.CreateInstance(underlying.GetElementType()!, 1);
                array.SetValue(Sample(underlying.GetElementType()!), 0);
                return array;
            }

            if (underlying.IsGenericType && underlying.GetGenericArguments() is [var element] && typeof(IEnumerable).IsAssignableFrom(underlying))
            {
                var concrete = underlying.IsInterface ? typeof(List<>).MakeGenericType(element) : underlying;
                var list = Activator.CreateInstance(concrete)!;
                concrete.GetMethod("Add", [element])!.Invoke(list, [Sample(element)]);
                return list;
            }

            if (underlying == typeof(byte[]))
            {
                return new byte[] { 1 };
            }

            return underlying.IsValueType ? Activator.CreateInstance(underlying) : null;
        }
    }

    private sealed class Box<T>(T value)
    {
        public readonly T Value = value;
    }

    /// <summary>Keeps the SQL Server context off the network: no connection is opened and every command answers empty.</summary>
    private sealed class CommandCapture : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public static readonly CommandCapture Instance = new();
        private static readonly AsyncLocal<List<string>?> Current = new();

        public static List<string> Begin() => Current.Value = [];

        public static void End() => Current.Value = null;

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
            CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Keep(command);
            return InterceptionResult<DbDataReader>.SuppressWithResult(new DataTable().CreateDataReader());
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Keep(command);
            return InterceptionResult<int>.SuppressWithResult(0);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) => ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Keep(command);
            return InterceptionResult<object>.SuppressWithResult(DBNull.Value);
        }

        private static void Keep(DbCommand command) =>
            (Current.Value ?? throw new InvalidOperationException("The SQL Server check ran a command outside a translation.")).Add(command.CommandText);
    }
}

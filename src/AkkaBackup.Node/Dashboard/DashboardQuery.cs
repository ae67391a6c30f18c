using AkkaBackup.Core.Cli;
using AkkaBackup.Node.Operator;
using AkkaBackup.Store.Catalog;
using Microsoft.AspNetCore.Http;

namespace AkkaBackup.Node.Dashboard;

/// <summary>A request's query string read as the console's options, through the same parsers (<see cref="FleetQueries"/>, <see cref="ConsoleValues"/>).</summary>
public static class DashboardQuery
{
    /// <summary>The filters of <c>abk log list|search</c>; <c>text</c> is the search text.</summary>
    /// <exception cref="UsageException">A value is wrong; the message names it.</exception>
    public static CatalogQuery Log(IQueryCollection query) => FleetQueries.LogQuery(name => Option(query, name), Option(query, "text"));

    /// <summary><c>report summary</c>'s period: <c>since</c> (default 30 days back) and <c>until</c> (default now).</summary>
    public static (DateTimeOffset Since, DateTimeOffset Until) Period(IQueryCollection query) =>
        ConsoleValues.Period(Option(query, "since"), Option(query, "until"));

    /// <summary>An option's text; an empty form field is no option at all.</summary>
    public static string? Option(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>Whether this failure is the request's (a bad filter: 400) or the catalog's (unreadable: 503).</summary>
    public static int StatusOf(Exception e) => e is UsageException ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable;

    /// <summary>The failures a query may end in that are said to the user rather than thrown.</summary>
    public static bool Expected(Exception e) =>
        e is UsageException or Microsoft.Data.Sqlite.SqliteException or Store.StoreException or IOException or UnauthorizedAccessException;
}

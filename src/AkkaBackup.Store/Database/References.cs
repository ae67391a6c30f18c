using AkkaBackup.Store.Validation;
using Microsoft.Data.Sqlite;

namespace AkkaBackup.Store.Database;

/// <summary>Refuses to remove a row other rows still name, inside the removing transaction.</summary>
internal static class References
{
    /// <param name="usersQuery">Selects a <c>name</c> column of the rows that use <c>$name</c>.</param>
    /// <param name="message">Says what uses it and what to do first, given those names.</param>
    /// <exception cref="ValidationException">Some rows use it; nothing is removed.</exception>
    public static async Task RefuseIfUsedAsync(
        SqliteConnection c, SqliteTransaction t, string usersQuery, string name, string subject, Func<string, string> message, CancellationToken ct)
    {
        var users = await c.QueryAsync(t, usersQuery, r => r.String("name"), ct, ("$name", name));
        if (users.Count > 0)
        {
            throw new ValidationException(subject, [new ValidationFailure("name", message(string.Join(", ", users)))], ValidationException.NotRemoved);
        }
    }
}

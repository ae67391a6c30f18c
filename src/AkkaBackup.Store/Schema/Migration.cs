namespace AkkaBackup.Store.Schema;

/// <summary>One step of the schema, applied once, in its own transaction, in version order.</summary>
internal sealed record Migration(int Version, string Description, string Sql);

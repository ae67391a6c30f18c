using System.Text.Json;
using System.Text.Json.Serialization;

namespace AkkaBackup.Store.Catalog;

/// <summary>
/// The <c>drill_tables</c> column: a drill's tables as a JSON array of <c>{"table", "passed", "check", "checksum"}</c>,
/// the keys of <c>&lt;archive&gt;.drill.json</c>, so that SQLite's JSON functions can read it too.
/// </summary>
internal static class DrillTablesColumn
{
    public static string Write(IReadOnlyList<CatalogDrillTable> tables) =>
        JsonSerializer.Serialize(tables, DrillTablesJsonContext.Default.IReadOnlyListCatalogDrillTable);

    public static IReadOnlyList<CatalogDrillTable> Read(string text) =>
        JsonSerializer.Deserialize(text, DrillTablesJsonContext.Default.IReadOnlyListCatalogDrillTable) ?? [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<CatalogDrillTable>))]
internal sealed partial class DrillTablesJsonContext : JsonSerializerContext;

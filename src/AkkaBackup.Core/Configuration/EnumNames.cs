namespace AkkaBackup.Core.Configuration;

/// <summary>Settings that name an enum value: by its name only, any case. <c>Enum.TryParse</c> alone also takes numbers ("1").</summary>
public static class EnumNames
{
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        value = default;
        var name = text.Trim();
        return Enum.GetNames<T>().Contains(name, StringComparer.OrdinalIgnoreCase) && Enum.TryParse(name, ignoreCase: true, out value);
    }
}

namespace AkkaBackup.Store.Tests.Support;

/// <summary>Named ways to break one value of a valid entry, with the field and message the refusal must carry.</summary>
public sealed class RuleCases<T> : Dictionary<string, (Func<T, T> Break, string Field, string Message)>
{
    public TheoryData<string> Names => [.. Keys];

    public void Add(string name, Func<T, T> breakIt, string field, string message) => Add(name, (breakIt, field, message));
}

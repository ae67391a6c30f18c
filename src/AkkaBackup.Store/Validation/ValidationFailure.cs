namespace AkkaBackup.Store.Validation;

/// <summary>One value that was refused.</summary>
/// <param name="Field">The setting as an operator names it, e.g. <c>port</c>, <c>data-directory</c>.</param>
/// <param name="Message">What is wrong and why, naming the field and (unless secret) the value.</param>
public sealed record ValidationFailure(string Field, string Message);

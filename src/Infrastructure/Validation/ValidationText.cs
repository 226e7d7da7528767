using System.Resources;
using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Infrastructure.Validation;

/// <summary>
/// Messages of the shared validation attributes, in the current UI culture (ValidationText.resx, .ko.resx).
/// Static properties so that data annotations can name them with ErrorMessageResourceType.
/// </summary>
public static class ValidationText
{
    private static readonly ResourceManager Resources = new(typeof(ValidationText));

    public static string ListEntryEmpty => Get();
    public static string ListEntryTooLong => Get();
    public static string ListEntryTwice => Get();
    public static string NotAbsoluteUri => Get();
    public static string NotSha256 => Get();
    public static string EnumNameRequired => Get();
    public static string ForbiddenCharacter => Get();
    public static string InvisibleOnly => Get();
    public static string TooManyItems => Get();
    public static string MalformedJson => Get();
    public static string WrongJsonType => Get();
    public static string ParameterRequired => Get();
    public static string ParameterInvalid => Get();
    public static string ParameterNotOneOf => Get();
    public static string ContentTypeNotAccepted => Get();
    public static string PersonAmbiguous => Get();

    public static string Format(string text, params object?[] args) => ResourceText.Format(text, args);

    private static string Get([CallerMemberName] string key = "") => ResourceText.Get(Resources, key);
}

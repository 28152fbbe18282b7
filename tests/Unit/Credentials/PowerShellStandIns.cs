using System.Reflection;
using System.Reflection.Emit;

namespace IamKeyHygiene.Tests.Unit.Credentials;

/// <summary>
/// Run-time types named System.Management.Automation.PSObject / PSCustomObject with the members the engine
/// reads (BaseObject; Properties of Name/Value). The engine recognises PowerShell's wrappers by full type
/// name without referencing PowerShell; emitting the names at run time avoids declaring them in this
/// assembly, where they would clash with the real PowerShell SDK if a test ever references it.
/// </summary>
internal static class PowerShellStandIns
{
    private static readonly Lazy<(Type PsObject, Type PsCustomObject)> Types = new(Emit);

    /// <summary>Wraps a value the way PowerShell hands variables over.</summary>
    public static object PsObject(object baseObject) => Activator.CreateInstance(Types.Value.PsObject, baseObject, Array.Empty<PsProperty>())!;

    /// <summary>A [pscustomobject]@{...}: a PSObject whose base is PSCustomObject and whose values are in Properties.</summary>
    public static object PsCustomObject(params (string Name, object Value)[] properties)
        => Activator.CreateInstance(Types.Value.PsObject, Activator.CreateInstance(Types.Value.PsCustomObject)!,
            properties.Select(p => new PsProperty(p.Name, p.Value)).ToArray())!;

    public sealed record PsProperty(string Name, object Value);

    private static (Type, Type) Emit()
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("PowerShellStandIns"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("PowerShellStandIns");

        var custom = module.DefineType("System.Management.Automation.PSCustomObject", TypeAttributes.Public | TypeAttributes.Sealed);
        custom.DefineDefaultConstructor(MethodAttributes.Public);

        var psObject = module.DefineType("System.Management.Automation.PSObject", TypeAttributes.Public | TypeAttributes.Sealed);
        var baseField = psObject.DefineField("_base", typeof(object), FieldAttributes.Private);
        var propertiesField = psObject.DefineField("_properties", typeof(PsProperty[]), FieldAttributes.Private);

        var ctor = psObject.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, new[] { typeof(object), typeof(PsProperty[]) });
        var il = ctor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, baseField);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Stfld, propertiesField);
        il.Emit(OpCodes.Ret);

        Getter(psObject, "BaseObject", typeof(object), baseField);
        Getter(psObject, "Properties", typeof(PsProperty[]), propertiesField);
        return (psObject.CreateType(), custom.CreateType());
    }

    private static void Getter(TypeBuilder type, string name, Type propertyType, FieldInfo field)
    {
        var getter = type.DefineMethod("get_" + name, MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, propertyType, Type.EmptyTypes);
        var il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        type.DefineProperty(name, PropertyAttributes.None, propertyType, null).SetGetMethod(getter);
    }
}

using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace IamKeyHygiene.Tests.Unit.Architecture;

/// <summary>A type of the assembly that uses another type: from its own namespace to the other's.</summary>
internal sealed record TypeReference(string FromType, string FromNamespace, string ToType, string ToNamespace, string? ToAssembly);

/// <summary>
/// Every type another type of a compiled assembly uses, read from its metadata: base types, interfaces, field,
/// method and property signatures, generic constraints, attributes, locals and every token in the method bodies'
/// IL. The compiler has resolved every name by then (a type of a parent namespace needs no using directive, a
/// var needs no name), so this sees what a scan of using directives would miss. What it cannot see: a const
/// or an enum member's value, which the compiler copies into the IL as a literal.
/// A nested or compiler-made type (a lambda's closure, an async state machine) counts as its outermost type.
/// </summary>
internal static class TypeReferences
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => op.Value, op => op.OperandType);

    public static IReadOnlyList<TypeReference> Read(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new List<TypeReference>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var owner = Outermost(reader, handle);
            var used = new Collector(reader);
            used.AddTypesOf(handle, pe);
            var (fromName, fromNamespace) = NameOf(reader, owner);
            foreach (var target in used.Types)
            {
                var (toName, toNamespace, toAssembly) = Describe(reader, target);
                result.Add(new TypeReference(fromName, fromNamespace, toName, toNamespace, toAssembly));
            }
        }

        return result.Distinct().ToList();
    }

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (true)
        {
            var declaring = reader.GetTypeDefinition(handle).GetDeclaringType();
            if (declaring.IsNil)
            {
                return handle;
            }

            handle = declaring;
        }
    }

    private static (string Name, string Namespace) NameOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return (reader.GetString(type.Name), reader.GetString(type.Namespace));
    }

    private static (string Name, string Namespace, string? Assembly) Describe(MetadataReader reader, EntityHandle handle)
    {
        if (handle.Kind == HandleKind.TypeDefinition)
        {
            var (name, ns) = NameOf(reader, Outermost(reader, (TypeDefinitionHandle)handle));
            return (name, ns, null);
        }

        var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            reference = reader.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        }

        var assembly = reference.ResolutionScope.Kind == HandleKind.AssemblyReference
            ? reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name)
            : null;
        return (reader.GetString(reference.Name), reader.GetString(reference.Namespace), assembly);
    }

    /// <summary>Collects type definitions and references (never specifications: their parts are collected).</summary>
    private sealed class Collector : ISignatureTypeProvider<object?, object?>
    {
        private readonly MetadataReader _reader;

        public Collector(MetadataReader reader) => _reader = reader;

        public HashSet<EntityHandle> Types { get; } = new();

        public void AddTypesOf(TypeDefinitionHandle handle, PEReader pe)
        {
            var type = _reader.GetTypeDefinition(handle);
            Add(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Add(_reader.GetInterfaceImplementation(i).Interface);
            }

            AddAttributes(type.GetCustomAttributes());
            AddConstraints(type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = _reader.GetFieldDefinition(f);
                field.DecodeSignature(this, null);
                AddAttributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = _reader.GetPropertyDefinition(p);
                property.DecodeSignature(this, null);
                AddAttributes(property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
            {
                Add(_reader.GetEventDefinition(e).Type);
            }

            foreach (var m in type.GetMethods())
            {
                var method = _reader.GetMethodDefinition(m);
                method.DecodeSignature(this, null);
                AddAttributes(method.GetCustomAttributes());
                AddConstraints(method.GetGenericParameters());
                if (method.RelativeVirtualAddress != 0)
                {
                    AddBody(pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }
        }

        private void AddBody(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            foreach (var region in body.ExceptionRegions)
            {
                Add(region.CatchType);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                int code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = 0xFE00 | il.ReadByte();
                }

                switch (Operands[unchecked((short)code)])
                {
                    case OperandType.InlineNone: break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar: il.Offset += 1; break;
                    case OperandType.InlineVar: il.Offset += 2; break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR: il.Offset += 8; break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig: Add(MetadataTokens.EntityHandle(il.ReadInt32())); break;
                    default: il.Offset += 4; break; // InlineI, InlineBrTarget, InlineString, ShortInlineR
                }
            }
        }

        private void AddAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                Add(_reader.GetCustomAttribute(a).Constructor);
            }
        }

        private void AddConstraints(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
            {
                foreach (var c in _reader.GetGenericParameter(p).GetConstraints())
                {
                    Add(_reader.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        /// <summary>Any handle an IL operand or a signature may hold: a type, a member (its declaring type and
        /// its signature), a generic instantiation, a stand-alone signature.</summary>
        private void Add(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                case HandleKind.TypeReference:
                    Types.Add(handle);
                    break;
                case HandleKind.TypeSpecification:
                    _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Add(_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Add(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(this, null);
                    }

                    break;
            }
        }

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Types.Add(handle);
            return null;
        }

        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            Types.Add(handle);
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            Add(handle);
            return null;
        }

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
        public object? GetSZArrayType(object? elementType) => null;
        public object? GetArrayType(object? elementType, ArrayShape shape) => null;
        public object? GetByReferenceType(object? elementType) => null;
        public object? GetPointerType(object? elementType) => null;
        public object? GetPinnedType(object? elementType) => null;
        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
        public object? GetGenericTypeParameter(object? genericContext, int index) => null;
        public object? GetGenericMethodParameter(object? genericContext, int index) => null;
        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
    }
}

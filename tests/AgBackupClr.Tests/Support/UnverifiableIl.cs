using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// The IL that the .NET Framework verifier rejects. SQL Server verifies every SAFE assembly with it, so any of these
    /// fails CREATE ASSEMBLY with Msg 6218 (docs/relational-databases/clr-integration/database-objects/clr-integration-programming-model-restrictions.md).
    /// Modern ILVerify accepts some of them (dotnet/runtime#57385), which is why this list is ours.
    /// </summary>
    public static class UnverifiableIl
    {
        public const string IsExternalInit = "System.Runtime.CompilerServices.IsExternalInit";

        private const string IsByRefLikeAttribute = "System.Runtime.CompilerServices.IsByRefLikeAttribute";

        /// <summary>Stack allocation, indirect calls and raw memory blocks have no verifiable form.</summary>
        private static readonly OpCode[] UnverifiableOpCodes = { OpCodes.Localloc, OpCodes.Calli, OpCodes.Cpblk, OpCodes.Initblk };

        /// <summary>Every instruction that writes a field or takes its address: the verifier allows them on an initonly field only in its own type's constructor.</summary>
        private static readonly OpCode[] FieldWrites = { OpCodes.Stfld, OpCodes.Stsfld, OpCodes.Ldflda, OpCodes.Ldsflda };

        /// <summary>Instructions whose operand is a method the code calls or points to.</summary>
        private static readonly OpCode[] MethodUses = { OpCodes.Call, OpCodes.Callvirt, OpCodes.Newobj, OpCodes.Ldftn, OpCodes.Ldvirtftn, OpCodes.Jmp };

        /// <summary>One finding per problem, "member: what is wrong"; empty when the verifier would accept the module.</summary>
        public static IReadOnlyList<string> Find(ModuleDefinition module)
        {
            var findings = new List<string>();
            if (HasAttribute(module.CustomAttributes, "System.Security.UnverifiableCodeAttribute"))
            {
                findings.Add(module.Name + ": UnverifiableCodeAttribute (compiled with unsafe code)");
            }

            foreach (TypeDefinition type in module.GetTypes())
            {
                if (HasAttribute(type.CustomAttributes, IsByRefLikeAttribute))
                {
                    findings.Add(type.FullName + ": byref-like type definition (ref struct)");
                }

                foreach (FieldDefinition field in type.Fields)
                {
                    AddTypeProblem(findings, field.FullName + ": field", field.FieldType);
                }

                foreach (MethodDefinition method in type.Methods)
                {
                    AddMethodProblems(findings, method);
                }
            }

            return findings;
        }

        /// <summary>"Type::Name(parameter types)": shorter than Cecil's full name, which repeats the return type and its modifiers.</summary>
        public static string NameOf(MethodReference method) =>
            method.DeclaringType.FullName + "::" + method.Name + "(" + string.Join(",", method.Parameters.Select(p => p.ParameterType.FullName)) + ")";

        private static void AddMethodProblems(List<string> findings, MethodDefinition method)
        {
            string name = NameOf(method);
            if (Contains(method.ReturnType, type => type.IsByReference))
            {
                findings.Add(name + ": ref return " + method.ReturnType.FullName);
            }

            if (CarriesIsExternalInit(method))
            {
                findings.Add(name + ": init accessor, modreq(" + IsExternalInit + ") in its signature");
            }

            AddTypeProblem(findings, name + ": return", method.ReturnType);
            foreach (ParameterDefinition parameter in method.Parameters)
            {
                AddTypeProblem(findings, name + ": parameter " + parameter.Name, parameter.ParameterType);
            }

            if (!method.HasBody)
            {
                return;
            }

            foreach (VariableDefinition local in method.Body.Variables)
            {
                if (local.IsPinned)
                {
                    findings.Add(name + ": pinned local " + local.VariableType.FullName);
                }

                AddTypeProblem(findings, name + ": local " + local.Index.ToString(CultureInfo.InvariantCulture), local.VariableType);
            }

            foreach (Instruction instruction in method.Body.Instructions)
            {
                if (UnverifiableOpCodes.Contains(instruction.OpCode))
                {
                    findings.Add(name + ": " + instruction.OpCode.Name + (instruction.Operand is CallSite site ? " " + site.FullName : string.Empty));
                }
                else if (FieldWrites.Contains(instruction.OpCode))
                {
                    string? problem = InitOnlyWriteProblem(method, (FieldReference)instruction.Operand);
                    if (problem != null)
                    {
                        findings.Add(name + ": " + instruction.OpCode.Name + " of " + problem);
                    }
                }
                else if (MethodUses.Contains(instruction.OpCode) && CarriesIsExternalInit((MethodReference)instruction.Operand))
                {
                    // The verifier accepts the call itself; it is reported so that a `with` expression or an object
                    // initializer names the code that needs the accessor, not only the accessor.
                    findings.Add(name + ": calls init accessor " + NameOf((MethodReference)instruction.Operand));
                }
            }
        }

        /// <summary>
        /// "Cannot change initonly field outside its .ctor": the verifier lets code store to a readonly field, or take its
        /// address, only in a constructor of the type that declares it (.ctor for instance fields, .cctor for static ones).
        /// A nested type is another type, and a field declared in another assembly is never writable. Roslyn emits such
        /// stores in init accessors and record setters, and such addresses when a member of a readonly struct or Nullable is
        /// called on a readonly field unless peverify-compat is on (dotnet/roslyn#22485).
        /// </summary>
        private static string? InitOnlyWriteProblem(MethodDefinition method, FieldReference reference)
        {
            FieldDefinition? field = Definitions.Resolve(reference.Resolve);
            if (field == null)
            {
                return "unresolvable field " + reference.FullName;
            }

            if (!field.IsInitOnly)
            {
                return null;
            }

            if (field.Module != method.Module)
            {
                return "initonly field of another assembly " + reference.FullName;
            }

            bool inItsOwnConstructor = method.IsConstructor && method.IsStatic == field.IsStatic && method.DeclaringType == field.DeclaringType;
            return inItsOwnConstructor
                ? null
                : "initonly field " + reference.FullName + " outside a " + (field.IsStatic ? ".cctor" : ".ctor") + " of " + field.DeclaringType.FullName;
        }

        /// <summary>
        /// C# marks an init accessor (of an init property or a record's positional property) with modreq(IsExternalInit) on
        /// its return type; such an accessor always stores to its readonly backing field outside the constructor.
        /// </summary>
        private static bool CarriesIsExternalInit(MethodReference method) =>
            new[] { method.ReturnType }.Concat(method.Parameters.Select(p => p.ParameterType))
                .Any(type => Contains(type, t => t is RequiredModifierType modifier && modifier.ModifierType.FullName == IsExternalInit));

        /// <summary>Pointers, function pointers and byref-like (ref struct) types are unverifiable wherever a signature uses them.</summary>
        private static void AddTypeProblem(List<string> findings, string where, TypeReference type)
        {
            string? problem = Contains(type, t => t.IsPointer) ? "pointer type"
                : Contains(type, t => t.IsFunctionPointer) ? "function pointer type"
                : ByRefLikeProblem(type);
            if (problem != null)
            {
                findings.Add(where + " of " + problem + " " + type.FullName);
            }
        }

        private static string? ByRefLikeProblem(TypeReference type)
        {
            TypeReference value = WithoutReferenceOrModifiers(type);
            if (!value.IsValueType)
            {
                return null;
            }

            TypeDefinition? definition = Definitions.Resolve(value.Resolve);
            if (definition == null)
            {
                return "unresolvable value type";
            }

            return HasAttribute(definition.CustomAttributes, IsByRefLikeAttribute) ? "byref-like type" : null;
        }

        private static TypeReference WithoutReferenceOrModifiers(TypeReference type) =>
            type is TypeSpecification specification && (type.IsByReference || type.IsPinned || type is IModifierType)
                ? WithoutReferenceOrModifiers(specification.ElementType)
                : type;

        /// <summary>Whether the type or anything it is built from (element, modifier target, generic argument) matches.</summary>
        private static bool Contains(TypeReference? type, Func<TypeReference, bool> matches) =>
            type != null
            && (matches(type)
                || (type is TypeSpecification specification && Contains(specification.ElementType, matches))
                || (type is GenericInstanceType instance && instance.GenericArguments.Any(argument => Contains(argument, matches))));

        private static bool HasAttribute(IEnumerable<CustomAttribute> attributes, string fullName) =>
            attributes.Any(attribute => attribute.AttributeType.FullName == fullName);
    }
}

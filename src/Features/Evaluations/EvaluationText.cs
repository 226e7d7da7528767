namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Texts of the evaluation screens: EvaluationText.resx (English) and EvaluationText.ko.resx (Korean).</summary>
public sealed class EvaluationText;

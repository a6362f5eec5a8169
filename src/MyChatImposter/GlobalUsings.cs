// The project's namespaces that most of its files use, imported once here rather than at the top of each file.
global using MyChatImposter.Audit;

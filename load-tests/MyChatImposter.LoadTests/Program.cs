Console.WriteLine("Load scenarios arrive with the issues that set speed targets.");
return 0;

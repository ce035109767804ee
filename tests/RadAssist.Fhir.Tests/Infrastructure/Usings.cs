global using RadAssist.Testing;

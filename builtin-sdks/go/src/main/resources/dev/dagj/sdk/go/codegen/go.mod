module dagj.dev/codegen

go 1.21

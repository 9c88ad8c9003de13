module dagger/go-features

go 1.22
